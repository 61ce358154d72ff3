using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Streams;
using Harness.Runtime.Streams.Durable;
using Microsoft.Extensions.DependencyInjection;

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

        // The database is migrated (schema version 3 holds the stream tables) when the silo starts.
        PostgresServiceCollectionExtensions.AddDatabase(services, optionsName, PostgresSiloBuilderExtensions.BindSection(configure));
        services.AddKeyedSingleton<IDurableStreamStore>(name, (sp, _) => new PostgresDurableStreamStore(PostgresServiceCollectionExtensions.GetDatabase(sp, optionsName)));
        return builder.AddDurableStreams(name, sp => sp.GetRequiredKeyedService<IDurableStreamStore>(name), configureStreams);
    }
}
