namespace Harness.Client.Api;

/// <summary>Where a submitted chain's resources live, relative to the API's base address.</summary>
/// <param name="Self">The chain's snapshot, <c>/api/chains/{id}</c>.</param>
/// <param name="Events">The chain's event stream, <c>/api/chains/{id}/events</c>.</param>
public sealed record ChainLinks(string Self, string Events);
