using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Streams;
using Harness.Runtime.Storage;
using Harness.Runtime.Streams.Durable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Adds durable streams kept in PostgreSQL to a silo.</summary>
public static class PostgresStreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds a durable stream provider under <paramref name="name"/> whose events, checkpoints and leases live in
    /// PostgreSQL. The database settings are bound from <c>Harness:Storage:Postgres</c> and then
    /// <paramref name="configure"/>; with the grain storage's connection string the two share one database (one
    /// pool, one start-up and migration). The stream settings: see <see cref="DurableStreamSiloBuilderExtensions"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configure">Configures the database options after the configuration section is bound.</param>
    /// <param name="configureStreams">Configures the stream options after their configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddPostgresStreams(
        this ISiloBuilder builder,
        string name,
        Action<PostgresStorageOptions>? configure = null,
        Action<DurableStreamOptions>? configureStreams = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var services = builder.Services;
        var optionsName = "Streams:" + name;
        var options = services.AddOptions<PostgresStorageOptions>(optionsName).BindConfiguration(PostgresStorageOptions.ConfigurationSectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(static sp => new PostgresDatabaseRegistry(
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));

        // The database is migrated (schema version 3 holds the stream tables) when the silo starts.
        services.AddSingleton<IStorageStartup>(sp => GetDatabase(sp, optionsName));
        services.AddKeyedSingleton<IDurableStreamStore>(name, (sp, _) => new PostgresDurableStreamStore(GetDatabase(sp, optionsName)));
        return builder.AddDurableStreams(name, sp => sp.GetRequiredKeyedService<IDurableStreamStore>(name), configureStreams);
    }

    private static PostgresDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetRequiredService<PostgresDatabaseRegistry>()
            .GetOrCreate(services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName));
}
