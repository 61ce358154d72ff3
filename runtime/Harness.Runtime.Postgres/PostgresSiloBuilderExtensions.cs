using Harness.Runtime.Postgres;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Adds PostgreSQL storage, reminders and clustering to a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage provider under <paramref name="name"/>, bound to the configuration section
    /// <c>Harness:Storage:Postgres</c> and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage provider name.</param>
    /// <param name="configure">Configures the options after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresGrainStorage(name, BindSection(configure));
        return builder.RecordStorageProvider(name, "postgres");
    }

    /// <summary>Keeps reminders in PostgreSQL (same settings section), so they survive silo restarts and silo loss.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresReminderTable(BindSection(configure));
        return builder;
    }

    /// <summary>
    /// Keeps the cluster's membership table and grain directory in PostgreSQL (same settings section), so silos
    /// sharing the database form one cluster. PostgreSQL grain storage on the same database (same server, database
    /// and search path) then fences its writes by the directory: a silo declared dead cannot overwrite state that
    /// another silo's activation now owns (see <see cref="PostgresStorageOptions.FenceWritesByDirectory"/>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options after the configuration section is bound.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresClustering(BindSection(configure));
        return builder;
    }

    /// <summary>Binds the options to <c>Harness:Storage:Postgres</c>, then applies <paramref name="configure"/>.</summary>
    internal static Action<OptionsBuilder<PostgresStorageOptions>> BindSection(Action<PostgresStorageOptions>? configure) =>
        options =>
        {
            options.BindConfiguration(PostgresStorageOptions.ConfigurationSectionName);
            if (configure is not null)
            {
                options.Configure(configure);
            }
        };
}
