namespace Harness.Silo.Api;

/// <summary>The optional body of <c>POST /api/chains/{id}/cancel</c>.</summary>
/// <param name="Reason">Why the chain is cancelled, recorded in the chain; null for none.</param>
internal sealed record CancelChainRequest(string? Reason);
