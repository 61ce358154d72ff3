using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Devices;

/// <summary>Registers device discovery, the lease ledger and the capabilities the silo advertises.</summary>
public static class DevicesSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="DeviceOptions"/> (section <c>Harness:Devices</c>, validated at start),
    /// <see cref="NvmlDeviceDiscovery"/>, <see cref="DeviceInventory"/>, <see cref="DeviceLeaseLedger"/>, the device
    /// gauges (meter <c>Harness.Devices</c>) and <see cref="DeviceCapabilitiesProvider"/>, so membership heartbeats
    /// advertise the devices, their free VRAM and their resident models.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddHarnessDevices(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DeviceOptions>().Bind(builder.Configuration.GetSection(DeviceOptions.ConfigurationSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeviceOptions>, DeviceOptionsValidator>());
        services.TryAddSingleton<NvmlDeviceDiscovery>();
        services.TryAddSingleton<DeviceInventory>();
        services.TryAddSingleton<DeviceLeaseLedger>();
        services.AddHostedService<DeviceMeters>();
        return builder.AddCapabilitiesProvider<DeviceCapabilitiesProvider>();
    }
}
