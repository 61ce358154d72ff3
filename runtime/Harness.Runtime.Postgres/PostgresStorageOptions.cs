namespace Harness.Runtime.Postgres;

/// <summary>Options of the PostgreSQL grain storage and reminder table.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string ConfigurationSectionName = "Harness:Storage:Postgres";

    /// <summary>The default <see cref="StartupRetryDelay"/> in milliseconds.</summary>
    public const int DefaultStartupRetryDelayMilliseconds = 2000;

    /// <summary>The default <see cref="StartupTimeout"/> in seconds.</summary>
    public const int DefaultStartupTimeoutSeconds = 300;

    /// <summary>
    /// Gets or sets the Npgsql connection string, e.g. <c>Host=db;Port=5432;Username=harness;Password=...;Database=harness</c>.
    /// Required. The tables live in the first schema of the connection's search path (<c>Search Path=...</c>;
    /// by default <c>public</c>). Unless the connection string says otherwise, statements are prepared
    /// automatically (<c>Max Auto Prepare=20</c>, <c>Auto Prepare Min Usages=2</c>).
    /// </summary>
    /// <value>There is no default: an empty value stops the start with a message naming the setting.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how long the start waits between attempts to reach an unreachable server.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan StartupRetryDelay { get; set; } = TimeSpan.FromMilliseconds(DefaultStartupRetryDelayMilliseconds);

    /// <summary>
    /// Gets or sets how long the start keeps retrying an unreachable server before it fails with a
    /// <see cref="PostgresStorageStartupException"/>; the silo stays Joining (unhealthy) meanwhile.
    /// <see cref="TimeSpan.Zero"/> tries once; <see cref="Timeout.InfiniteTimeSpan"/> retries until the silo is stopped.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(DefaultStartupTimeoutSeconds);

    /// <summary>
    /// Gets or sets whether the grain storage fences writes by the grain directory: a write or clear of a grain's
    /// state succeeds only while <c>harness_grain_directory</c> (same database) names this silo as the grain's
    /// activation, checked in the same statement. A silo declared dead loses its entries, so its late writes are
    /// rejected with <see cref="Storage.InconsistentStateException"/>. <see langword="true"/> needs the PostgreSQL
    /// grain directory on this database; without it every write is rejected. Ignored by the reminder table.
    /// </summary>
    /// <value>
    /// The default, <see langword="null"/>, fences exactly when the silo uses PostgreSQL clustering
    /// (<c>UsePostgresClustering</c>) on the same server, database and search path.
    /// </value>
    public bool? FenceWritesByDirectory { get; set; }
}
