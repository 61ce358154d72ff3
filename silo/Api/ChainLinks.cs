namespace Harness.Silo.Api;

/// <summary>Where a submitted chain's resources live, relative to the API's base address.</summary>
/// <param name="Self">The chain's snapshot, <c>/api/chains/{id}</c>.</param>
/// <param name="Events">The chain's server-sent event stream, <c>/api/chains/{id}/events</c>.</param>
internal sealed record ChainLinks(string Self, string Events);
