namespace Harness.Client;

/// <summary>A silo's answer to <c>GET /health</c>.</summary>
/// <param name="Status">"Healthy", "Degraded" or "Unhealthy".</param>
/// <param name="DurationMs">How long the checks took.</param>
/// <param name="Checks">Each check's status, description and data.</param>
public sealed record SiloHealth(string Status, double DurationMs, IReadOnlyDictionary<string, SiloHealthCheck> Checks)
{
    /// <summary>Gets a value indicating whether the silo reported itself healthy.</summary>
    public bool IsHealthy => string.Equals(Status, "Healthy", StringComparison.Ordinal);
}
