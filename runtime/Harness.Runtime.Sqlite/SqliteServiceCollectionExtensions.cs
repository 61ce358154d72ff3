using Harness.Runtime.Reminders;
using Harness.Runtime.Sqlite;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Registers the SQLite grain storage and reminder table.</summary>
/// <remarks>
/// Registrations that resolve to the same file share one database (one write connection, one writer lock).
/// Each file is opened, switched to WAL and given its schema when the silo starts; a file that cannot be used
/// stops the start with a <see cref="SqliteStorageStartupException"/>.
/// </remarks>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>The options name of the reminder table's <see cref="SqliteStorageOptions"/>.</summary>
    public const string ReminderTableOptionsName = "ReminderTable";

    /// <summary>
    /// Registers a SQLite <see cref="IGrainStorage"/> under <paramref name="name"/> (a keyed singleton), configured
    /// by the <see cref="SqliteStorageOptions"/> named <paramref name="name"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The storage provider name, e.g. <see cref="GrainStorageNames.Default"/>.</param>
    /// <param name="configure">Configures the options, e.g. <c>o => o.BindConfiguration(SqliteStorageOptions.ConfigurationSectionName)</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSqliteGrainStorage(
        this IServiceCollection services,
        string name,
        Action<OptionsBuilder<SqliteStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddDatabase(services, name, configure);
        services.TryAddSingleton(static _ => new GrainStateSerializer());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(
            name,
            GetDatabase(sp, name),
            sp.GetRequiredService<GrainStateSerializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return services;
    }

    /// <summary>
    /// Registers the SQLite <see cref="IReminderTable"/> (a singleton), configured by the
    /// <see cref="SqliteStorageOptions"/> named <see cref="ReminderTableOptionsName"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; by default the table shares <see cref="SqliteStorageOptions.DefaultDataSource"/> with the grain storage.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSqliteReminderTable(
        this IServiceCollection services,
        Action<OptionsBuilder<SqliteStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddDatabase(services, ReminderTableOptionsName, configure);
        services.AddSingleton<IReminderTable>(static sp => new SqliteReminderTable(GetDatabase(sp, ReminderTableOptionsName)));
        return services;
    }

    private static void AddDatabase(IServiceCollection services, string optionsName, Action<OptionsBuilder<SqliteStorageOptions>>? configure)
    {
        var options = services.AddOptions<SqliteStorageOptions>(optionsName);
        configure?.Invoke(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton<SqliteDatabaseRegistry>();

        // One entry per registration; entries for the same file resolve to one database, initialized once.
        services.AddSingleton<IStorageStartup>(sp => GetDatabase(sp, optionsName));
    }

    private static SqliteDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetRequiredService<SqliteDatabaseRegistry>()
            .GetOrCreate(optionsName, services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(optionsName));
}
