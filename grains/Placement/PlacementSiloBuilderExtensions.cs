using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Placement;

/// <summary>Registers the device-aware placement strategies.</summary>
public static class PlacementSiloBuilderExtensions
{
    /// <summary>
    /// Registers the director of <see cref="GpuAwarePlacement"/> and <see cref="GpuAwarePlacementOptions"/> (section
    /// <c>Harness:Placement:GpuAware</c>, validated at start).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddGpuAwarePlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GpuAwarePlacementOptions>()
            .Bind(builder.Configuration.GetSection(GpuAwarePlacementOptions.ConfigurationSectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GpuAwarePlacementOptions>, GpuAwarePlacementOptionsValidator>());
        return builder.AddPlacementDirector<GpuAwarePlacement, GpuAwarePlacementDirector>();
    }

    /// <summary>Registers <see cref="GpuAwarePlacement"/> as <see cref="AddGpuAwarePlacement(ISiloBuilder)"/> does, then applies <paramref name="configure"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Changes the options after configuration is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddGpuAwarePlacement(this ISiloBuilder builder, Action<GpuAwarePlacementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddGpuAwarePlacement();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Registers the director of <see cref="SiloBoundPlacement"/>, which device grains use.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSiloBoundPlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
    }
}
