using Harness.Runtime.Postgres;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Registers the PostgreSQL grain storage and reminder table.</summary>
/// <remarks>
/// Registrations with the same connection string and start-up settings share one database (one connection pool,
/// one start-up). When the
/// silo starts, each database waits for its server (retrying an unreachable one, with a warning per attempt, until
/// <see cref="PostgresStorageOptions.StartupTimeout"/>) and applies the schema migrations; a database that cannot be
/// used stops the start with a <see cref="PostgresStorageStartupException"/>, and the silo never becomes Active.
/// </remarks>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The options name of the reminder table's <see cref="PostgresStorageOptions"/>.</summary>
    public const string ReminderTableOptionsName = "ReminderTable";

    /// <summary>
    /// Registers a PostgreSQL <see cref="IGrainStorage"/> under <paramref name="name"/> (a keyed singleton), configured
    /// by the <see cref="PostgresStorageOptions"/> named <paramref name="name"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The storage provider name, e.g. <see cref="GrainStorageNames.Default"/>.</param>
    /// <param name="configure">Configures the options, e.g. <c>o => o.BindConfiguration(PostgresStorageOptions.ConfigurationSectionName)</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPostgresGrainStorage(
        this IServiceCollection services,
        string name,
        Action<OptionsBuilder<PostgresStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddDatabase(services, name, configure);
        services.TryAddSingleton(static _ => new GrainStateSerializer());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PostgresGrainStorage(
            name,
            GetDatabase(sp, name),
            sp.GetRequiredService<GrainStateSerializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        return services;
    }

    /// <summary>
    /// Registers the PostgreSQL <see cref="IReminderTable"/> (a singleton), configured by the
    /// <see cref="PostgresStorageOptions"/> named <see cref="ReminderTableOptionsName"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; with the grain storage's connection string the two share one database.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPostgresReminderTable(
        this IServiceCollection services,
        Action<OptionsBuilder<PostgresStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddDatabase(services, ReminderTableOptionsName, configure);
        services.AddSingleton<IReminderTable>(static sp => new PostgresReminderTable(GetDatabase(sp, ReminderTableOptionsName)));
        return services;
    }

    private static void AddDatabase(IServiceCollection services, string optionsName, Action<OptionsBuilder<PostgresStorageOptions>>? configure)
    {
        var options = services.AddOptions<PostgresStorageOptions>(optionsName);
        configure?.Invoke(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(static sp => new PostgresDatabaseRegistry(
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));

        // One entry per registration; entries for the same connection string resolve to one database, started once.
        services.AddSingleton<IStorageStartup>(sp => GetDatabase(sp, optionsName));
    }

    private static PostgresDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetRequiredService<PostgresDatabaseRegistry>()
            .GetOrCreate(services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName));
}
