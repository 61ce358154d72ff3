using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>Registers the OpenAI-compatible inference backend's settings and factory.</summary>
public static class OpenAiCompatibleServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OpenAiCompatibleOptions"/> bound from <paramref name="configuration"/> (section
    /// <c>Harness:Inference:OpenAi</c>) and validated at start, and a singleton
    /// <see cref="OpenAiCompatibleBackendFactory"/>. Backends are made per endpoint with
    /// <see cref="OpenAiCompatibleBackendFactory.Create"/>; nothing routes requests to them here.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOpenAiCompatibleInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OpenAiCompatibleOptions>()
            .Bind(configuration.GetSection(OpenAiCompatibleOptions.ConfigurationSectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAiCompatibleOptions>, OpenAiCompatibleOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OpenAiCompatibleBackendFactory>();
        return services;
    }
}
