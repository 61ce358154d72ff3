using Harness.Runtime.Hosting;

namespace Harness.Silo.Api;

/// <summary>A silo of the membership view as <c>GET /api/silos</c> reports it.</summary>
/// <param name="Address">The silo's address (<c>host:port@generation</c>).</param>
/// <param name="Name">The silo's configured name.</param>
/// <param name="Status">The silo's membership status.</param>
/// <param name="StartedAt">When the silo joined.</param>
/// <param name="Devices">The devices it advertised.</param>
/// <param name="ActivationCount">The grain activations it holds.</param>
/// <param name="Self">Whether this silo is the one that answered the request.</param>
internal sealed record SiloReport(
    string Address,
    string Name,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<SiloDeviceReport> Devices,
    int ActivationCount,
    bool Self);
