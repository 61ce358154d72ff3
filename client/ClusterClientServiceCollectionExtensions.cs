using Harness.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Harness.Client;

/// <summary>Registers the cluster client.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IClusterClient"/> that connects to the configured gateways when the host starts
    /// (section <c>Harness:Client</c>, then <paramref name="configure"/>; validated at start).
    /// </summary>
    public static IServiceCollection AddHarnessClient(this IServiceCollection services, IConfiguration? configuration = null, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusterClientOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ClusterClientOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HarnessClusterClient>();
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<HarnessClusterClient>());
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<HarnessClusterClient>());
        services.AddHostedService<ClusterClientConnector>();
        return services;
    }
}
