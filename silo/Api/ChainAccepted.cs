using Harness.GrainInterfaces.Chains;

namespace Harness.Silo.Api;

/// <summary>The answer to <c>POST /api/chains</c> (202).</summary>
/// <param name="Id">The chain id (the client's, or generated).</param>
/// <param name="Status">The chain's status when it was accepted.</param>
/// <param name="Links">Where to read the chain and follow its events.</param>
internal sealed record ChainAccepted(string Id, ChainStatus Status, ChainLinks Links);
