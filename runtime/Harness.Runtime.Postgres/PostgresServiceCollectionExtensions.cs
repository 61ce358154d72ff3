using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Membership;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Registers the PostgreSQL grain storage, reminder table, membership table and grain directory.</summary>
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

    /// <summary>The options name of the membership table's and grain directory's <see cref="PostgresStorageOptions"/>.</summary>
    public const string ClusteringOptionsName = "Clustering";

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
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
        {
            var database = GetDatabase(sp, name);
            return new PostgresGrainStorage(
                name,
                database,
                sp.GetRequiredService<GrainStateSerializer>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILogger<PostgresGrainStorage>>(),
                GetFence(sp, name, database));
        });
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

    /// <summary>
    /// Registers the PostgreSQL <see cref="IMembershipTable"/> and <see cref="IGrainDirectory"/> (singletons,
    /// replacing any registered before), configured by the <see cref="PostgresStorageOptions"/> named
    /// <see cref="ClusteringOptionsName"/> and validated at start. PostgreSQL grain storage on the same database then
    /// fences its writes by the directory unless its <see cref="PostgresStorageOptions.FenceWritesByDirectory"/> says otherwise.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; with the grain storage's connection string they share one database.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPostgresClustering(
        this IServiceCollection services,
        Action<OptionsBuilder<PostgresStorageOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddDatabase(services, ClusteringOptionsName, configure);
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(static sp => new PostgresMembershipTable(GetDatabase(sp, ClusteringOptionsName))));
        services.Replace(ServiceDescriptor.Singleton<IGrainDirectory>(static sp => new PostgresGrainDirectory(GetDatabase(sp, ClusteringOptionsName))));
        return services;
    }

    /// <summary>Registers the options named <paramref name="optionsName"/> and the database they name, started (migrated) with the silo.</summary>
    internal static void AddDatabase(IServiceCollection services, string optionsName, Action<OptionsBuilder<PostgresStorageOptions>>? configure)
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

    /// <summary>
    /// The local silo's address for a fenced storage, or null when it is not fenced: as configured, else fenced when
    /// the grain directory is PostgreSQL's on the same database. The silo is resolved at the first write.
    /// </summary>
    private static Func<SiloAddress>? GetFence(IServiceProvider services, string optionsName, PostgresDatabase database)
    {
        var fence = services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName).FenceWritesByDirectory
            ?? (services.GetService<IGrainDirectory>() is PostgresGrainDirectory directory && IsSameDatabase(directory.Database, database));
        if (!fence)
        {
            return null;
        }

        var silo = new Lazy<ISiloStatus>(() => services.GetService<ISiloStatus>() ?? throw new InvalidOperationException(
            $"PostgreSQL grain storage '{optionsName}' fences its writes by the grain directory and needs the local silo's address, but no silo is registered (AddHarnessSilo)."));
        return () => silo.Value.Address;
    }

    private static bool IsSameDatabase(PostgresDatabase first, PostgresDatabase second) =>
        ReferenceEquals(first, second)
        || (string.Equals(first.Host, second.Host, StringComparison.OrdinalIgnoreCase)
            && first.Port == second.Port
            && string.Equals(first.DatabaseName, second.DatabaseName, StringComparison.Ordinal)
            && string.Equals(first.Settings.SearchPath, second.Settings.SearchPath, StringComparison.Ordinal));

    /// <summary>Gets the database of the options named <paramref name="optionsName"/> (shared by registrations with the same settings).</summary>
    internal static PostgresDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetRequiredService<PostgresDatabaseRegistry>()
            .GetOrCreate(services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName));
}
