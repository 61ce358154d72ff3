using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Silo.Samples;

/// <summary>Registers the samples of the embedded cluster.</summary>
internal static class SampleServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SampleOptions"/>, the sample agent loader and the sample shop.</summary>
    public static IServiceCollection AddSamples(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SampleOptions>().Bind(configuration.GetSection(SampleOptions.ConfigurationSectionName)).ValidateOnStart();
        services.AddSingleton<SampleShop>();
        services.AddHostedService<SampleAgentsLoader>();
        return services;
    }
}
