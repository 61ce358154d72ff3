using Harness.Grains.Inference.OpenAi;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference;

/// <summary>Registers what inference grains need on a silo.</summary>
public static class InferenceSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="InferenceOptions"/> (section <c>Harness:Inference</c>), the image fetcher, the
    /// OpenAI-compatible backends of devices with an endpoint (<c>Harness:Inference:OpenAi</c>) and the router that
    /// picks a backend per device and model. All settings are validated at start.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddHarnessInference(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<InferenceOptions>().Bind(builder.Configuration.GetSection(InferenceOptions.ConfigurationSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.AddOpenAiCompatibleInference(builder.Configuration);
        services.TryAddSingleton<InferenceImageFetcher>();
        services.TryAddSingleton<InferenceBackendRouter>();
        return builder;
    }
}
