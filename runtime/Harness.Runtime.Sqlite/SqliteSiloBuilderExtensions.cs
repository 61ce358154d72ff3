using Harness.Runtime.Sqlite;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Hosting;

/// <summary>Adds SQLite storage and reminders to a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage provider under <paramref name="name"/>, bound to the configuration section
    /// <c>Harness:Storage:Sqlite</c> and then <paramref name="configure"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, options =>
        {
            options.BindConfiguration(SqliteStorageOptions.ConfigurationSectionName);
            if (configure is not null)
            {
                options.Configure(configure);
            }
        });
        return builder.RecordStorageProvider(name, "sqlite");
    }

    /// <summary>Keeps reminders in SQLite (same settings section), so they survive silo restarts.</summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteReminderTable(options =>
        {
            options.BindConfiguration(SqliteStorageOptions.ConfigurationSectionName);
            if (configure is not null)
            {
                options.Configure(configure);
            }
        });
        return builder;
    }
}
