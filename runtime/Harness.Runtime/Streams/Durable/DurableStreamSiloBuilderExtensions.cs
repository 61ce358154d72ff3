using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Adds durable stream providers to a silo.</summary>
public static class DurableStreamSiloBuilderExtensions
{
    /// <summary>
    /// Adds a durable stream provider under <paramref name="name"/> keeping its events in <paramref name="store"/>
    /// (silos that share the events must share the store). Options: the <see cref="DurableStreamOptions.SectionName"/>
    /// section, then <paramref name="configure"/>; validated at start.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name grains pass to <c>GetStreamProvider</c>.</param>
    /// <param name="store">The store, e.g. one <see cref="InMemoryDurableStreamStore"/> shared by in-process silos.</param>
    /// <param name="configure">Configures the options after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddDurableStreams(this ISiloBuilder builder, string name, IDurableStreamStore store, Action<DurableStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return builder.AddDurableStreams(name, _ => store, configure);
    }

    /// <summary>
    /// Adds a durable stream provider under <paramref name="name"/> using the registered <see cref="IDurableStreamStore"/>:
    /// the one keyed by <paramref name="name"/>, else the unkeyed one. See the other overload.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configure">Configures the options after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddDurableStreams(this ISiloBuilder builder, string name, Action<DurableStreamOptions>? configure = null) =>
        builder.AddDurableStreams(
            name,
            sp => sp.GetKeyedService<IDurableStreamStore>(name) ?? sp.GetService<IDurableStreamStore>()
                ?? throw new InvalidOperationException(
                    $"Durable stream provider '{name}' needs an IDurableStreamStore: register one (keyed '{name}' or unkeyed), or call AddDurableStreams(\"{name}\", store) or AddPostgresStreams(\"{name}\")."),
            configure);

    /// <summary>Adds a durable stream provider whose store the services create (store packages call this).</summary>
    internal static ISiloBuilder AddDurableStreams(this ISiloBuilder builder, string name, Func<IServiceProvider, IDurableStreamStore> store, Action<DurableStreamOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        var services = builder.Services;
        var options = services.AddOptions<DurableStreamOptions>(name).Bind(builder.Configuration.GetSection(DurableStreamOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableStreamOptions>, DurableStreamOptionsValidator>());
        services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) => new DurableStreamProvider(
            name,
            sp.GetRequiredService<SiloRuntime>(),
            store(sp),
            sp.GetRequiredService<IOptionsMonitor<DurableStreamOptions>>().Get(name),
            sp.GetRequiredService<ILogger<DurableStreamProvider>>()));
        services.AddKeyedSingleton(name, (sp, _) => new DurableStreamSweeper(
            name,
            () => (DurableStreamProvider)sp.GetRequiredKeyedService<IStreamProvider>(name),
            sp.GetRequiredService<ISiloStatus>(),
            sp.GetRequiredService<IOptionsMonitor<DurableStreamOptions>>().Get(name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DurableStreamSweeper>>()));

        // Started after the silo (registered after it); stopped first, but it releases its leases only when the
        // silo's shutdown calls it, after every grain has been deactivated.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<DurableStreamSweeper>(name));
        services.AddSingleton<ISiloShutdownParticipant>(sp => sp.GetRequiredKeyedService<DurableStreamSweeper>(name));
        return builder;
    }
}
