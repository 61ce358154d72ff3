using Harness.Grains.Chains;
using Harness.Grains.Devices;
using Harness.Grains.Placement;
using Harness.Runtime.Hosting;

namespace Harness.Grains;

/// <summary>Adds the product's grains to a silo.</summary>
public static class HarnessGrainsSiloBuilderExtensions
{
    /// <summary>Hosts the grain classes of Orleans.Harness (and their interfaces), the silo's devices and device-aware placement.</summary>
    public static ISiloBuilder AddHarnessGrains(this ISiloBuilder builder) =>
        builder.AddGrainAssembly(typeof(HarnessGrainsSiloBuilderExtensions).Assembly).AddHarnessDevices().AddHarnessChains().AddSiloBoundPlacement().AddGpuAwarePlacement();
}
