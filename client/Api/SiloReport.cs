namespace Harness.Client.Api;

/// <summary>One cluster member as <c>GET /api/silos</c> reports it.</summary>
/// <param name="Address">The silo's address.</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Status">The silo's membership status (e.g. "active").</param>
/// <param name="StartedAt">When the silo started, when known.</param>
/// <param name="Devices">The silo's devices.</param>
/// <param name="ActivationCount">How many grain activations the silo holds.</param>
/// <param name="Self">Whether this silo answered the request.</param>
public sealed record SiloReport(string Address, string? Name, string? Status, DateTimeOffset? StartedAt, IReadOnlyList<SiloDeviceSummary>? Devices, int ActivationCount, bool Self);
