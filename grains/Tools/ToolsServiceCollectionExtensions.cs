using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Tools;

/// <summary>Registers the tool registry and the built-in tools.</summary>
public static class ToolsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ToolRegistry"/>, the built-ins (<c>http</c>, <c>transform</c>, <c>sleep</c>), an
    /// <see cref="InMemoryToolCallLog"/> unless an <see cref="IToolCallLog"/> is already registered, and
    /// <see cref="ToolOptions"/> / <see cref="HttpToolOptions"/> bound from <paramref name="configuration"/> and
    /// validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (sections <c>Harness:Tools</c>, <c>Harness:Tools:Http</c>).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHarnessTools(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ToolOptions>().Bind(configuration.GetSection(ToolOptions.ConfigurationSectionName)).ValidateOnStart();
        services.AddOptions<HttpToolOptions>().Bind(configuration.GetSection(HttpToolOptions.ConfigurationSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolOptions>, ToolOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpToolOptions>, HttpToolOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IToolCallLog, InMemoryToolCallLog>();
        services.AddSingleton<ITool>(static sp => new HttpTool(
            new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            sp.GetRequiredService<IOptionsMonitor<HttpToolOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            disposeHandler: true));
        services.AddSingleton<ITool, TransformTool>();
        services.AddSingleton<ITool, SleepTool>();
        services.TryAddSingleton<ToolRegistry>();
        return services;
    }
}
