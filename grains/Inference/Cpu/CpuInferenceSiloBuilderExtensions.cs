using Harness.Grains.Devices;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.Cpu;

/// <summary>Adds the built-in CPU transformer backend to a silo.</summary>
public static class CpuInferenceSiloBuilderExtensions
{
    /// <summary>
    /// Serves models on this silo's devices with the built-in CPU transformer (settings <c>Harness:Inference:Cpu</c>,
    /// validated at start): the models declared there and every model folder under its models path, loaded once per
    /// device, shared, kept warm and evicted by the device grains. Devices with an inference endpoint still go to
    /// their OpenAI-compatible server.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddCpuInference(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CpuInferenceOptions>().Bind(builder.Configuration.GetSection(CpuInferenceOptions.ConfigurationSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CpuInferenceOptions>, CpuInferenceOptionsValidator>());
        services.TryAddSingleton<CpuModelHost>();
        services.TryAddSingleton<IModelHost>(static sp => sp.GetRequiredService<CpuModelHost>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResidentModelHost, CpuModelHost>(static sp => sp.GetRequiredService<CpuModelHost>()));
        services.AddHostedService<CpuModelCatalogStartup>();
        return builder;
    }
}
