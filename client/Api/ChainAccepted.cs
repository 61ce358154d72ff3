using Harness.GrainInterfaces.Chains;

namespace Harness.Client.Api;

/// <summary>The answer to a chain submission (HTTP 202).</summary>
/// <param name="Id">The chain's id.</param>
/// <param name="Status">The chain's status when the answer was written.</param>
/// <param name="Links">Where to read the chain and follow its events.</param>
public sealed record ChainAccepted(string Id, ChainStatus Status, ChainLinks? Links);
