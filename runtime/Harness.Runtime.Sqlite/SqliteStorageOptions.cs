namespace Harness.Runtime.Sqlite;

/// <summary>Options of the SQLite grain storage and reminder table.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string ConfigurationSectionName = "Harness:Storage:Sqlite";

    /// <summary>The default <see cref="DataSource"/>.</summary>
    public const string DefaultDataSource = "data/harness.db";

    /// <summary>The default <see cref="Synchronous"/> mode.</summary>
    public const SqliteSynchronousMode DefaultSynchronous = SqliteSynchronousMode.Normal;

    /// <summary>The default <see cref="BusyTimeout"/> in milliseconds.</summary>
    public const int DefaultBusyTimeoutMilliseconds = 5000;

    /// <summary>Gets or sets the database file path; a relative path is resolved against the current directory, and a missing directory is created.</summary>
    /// <value>The default value is <c>data/harness.db</c>.</value>
    public string DataSource { get; set; } = DefaultDataSource;

    /// <summary>Gets or sets the durability of commits (<c>PRAGMA synchronous</c>; the journal is always WAL).</summary>
    /// <value>The default value is <see cref="SqliteSynchronousMode.Normal"/>.</value>
    public SqliteSynchronousMode Synchronous { get; set; } = DefaultSynchronous;

    /// <summary>
    /// Gets or sets how long a statement waits for a lock held by another connection or process before failing
    /// (rounded up to whole seconds by the driver's own retry loop).
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMilliseconds(DefaultBusyTimeoutMilliseconds);
}
