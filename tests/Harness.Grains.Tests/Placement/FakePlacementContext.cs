using Harness.Runtime.Placement;

namespace Harness.Grains.Tests.Placement;

/// <summary>A fixed set of silos with the capabilities the test gives them.</summary>
public sealed class FakePlacementContext(params SiloInfo[] silos) : IPlacementContext
{
    public SiloAddress LocalSilo => silos.Length > 0 ? silos[0].Address : new SiloAddress("127.0.0.1", 1, 1);

    public IReadOnlyList<SiloInfo> GetCompatibleSilos(PlacementTarget target) => silos;

    public static SiloInfo Silo(int port, int activations, params DeviceCapability[] devices) =>
        new(new SiloAddress("127.0.0.1", port, 1), new SiloCapabilities { Devices = devices, ActivationCount = activations });

    public static DeviceCapability Gpu(string id, long totalMb, long freeMb, params string[] resident) =>
        new(id, "gpu", id, totalMb * 1024 * 1024, freeMb * 1024 * 1024, 1 - ((double)freeMb / totalMb), resident);
}
