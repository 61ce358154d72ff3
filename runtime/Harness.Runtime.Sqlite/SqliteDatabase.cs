using System.Globalization;
using Harness.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Sqlite;

/// <summary>
/// One SQLite database file shared by every storage provider and reminder table configured with it: opens it in
/// WAL mode, creates or checks the schema once at start, and owns the single write connection with the lock
/// that serializes writers (SQLite admits one writer at a time anyway).
/// </summary>
internal sealed partial class SqliteDatabase : IStorageStartup, IDisposable
{
    private const string WalJournalMode = "wal";

    // SQLite's primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;

    // One statement per command: Microsoft.Data.Sqlite can drop the error of a later statement in a batch.
    private readonly string[] _connectionPragmas;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _initialization;
    private SqliteConnection? _writeConnection;
    private bool _disposed;

    public SqliteDatabase(string filePath, SqliteSynchronousMode synchronous, TimeSpan busyTimeout, ILogger<SqliteDatabase> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentNullException.ThrowIfNull(logger);
        FilePath = Path.GetFullPath(filePath);
        Synchronous = synchronous;
        BusyTimeout = busyTimeout;
        _logger = logger;

        var busyMilliseconds = (int)Math.Ceiling(busyTimeout.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // Connections here are long-lived; pooling would only keep the file open after disposal.
            Pooling = false,

            // Microsoft.Data.Sqlite retries busy statements itself until the command timeout (whole seconds, 0 =
            // forever); keep that loop within the busy timeout, rounded up.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        _connectionPragmas =
        [
            string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMilliseconds};"),
            $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};",
        ];
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string FilePath { get; }

    public SqliteSynchronousMode Synchronous { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>Gets the lock every use of <see cref="WriteConnection"/> holds.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public bool IsInitialized => _initialization is { IsCompletedSuccessfully: true };

    /// <summary>Gets the long-lived write connection; use it only while holding <see cref="WriteLock"/>.</summary>
    public SqliteConnection WriteConnection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writeConnection ?? throw new InvalidOperationException($"The SQLite database '{FilePath}' has not been initialized.");
        }
    }

    /// <summary>
    /// Opens the file, switches it to WAL and creates or checks the schema, once; later calls return the first
    /// outcome. Failures surface as <see cref="SqliteStorageStartupException"/>.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Task initialization;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Not cancellable by one caller: others may be waiting on the same initialization.
            initialization = _initialization ??= Task.Run(Initialize, CancellationToken.None);
        }

        return initialization.IsCompleted ? initialization : initialization.WaitAsync(cancellationToken);
    }

    Task IStorageStartup.StartAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    /// <summary>Opens another connection with this database's settings (busy timeout, synchronous mode).</summary>
    /// <param name="queryOnly">Whether the connection refuses writes.</param>
    public SqliteConnection OpenConnection(bool queryOnly)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            foreach (var pragma in _connectionPragmas)
            {
                command.CommandText = pragma;
                command.ExecuteNonQuery();
            }

            if (queryOnly)
            {
                command.CommandText = "PRAGMA query_only = 1;";
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Wait for an in-flight write: closing under it would fail that write halfway.
        WriteLock.Wait();
        try
        {
            _writeConnection?.Dispose();
            _writeConnection = null;
        }
        finally
        {
            WriteLock.Release();
        }

        LogDatabaseClosed(FilePath);
    }

    private void Initialize()
    {
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = OpenConnection(queryOnly: false);
            try
            {
                var journalMode = ExecuteScalar(connection, "PRAGMA journal_mode = WAL;") as string ?? string.Empty;
                if (!string.Equals(journalMode, WalJournalMode, StringComparison.OrdinalIgnoreCase))
                {
                    throw new SqliteStorageStartupException(
                        $"The SQLite database '{FilePath}' could not be switched to WAL journal mode (it reports '{journalMode}'). Put it on a local file system that supports shared memory.",
                        FilePath,
                        null);
                }

                EnsureSchema(connection);
                LogDatabaseOpened(FilePath, journalMode, Synchronous, SqliteSchema.Version);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    connection.Dispose();
                    throw new ObjectDisposedException(GetType().FullName);
                }

                _writeConnection = connection;
            }
        }
        catch (SqliteException ex)
        {
            LogStartupFailed(FilePath, ex.SqliteErrorCode, ex);
            throw Translate(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogStartupFailed(FilePath, 0, ex);
            throw new SqliteStorageStartupException(
                $"The SQLite database '{FilePath}' cannot be created: its directory '{Path.GetDirectoryName(FilePath)}' cannot be created or written ({ex.Message}).",
                FilePath,
                ex);
        }
    }

    private void EnsureSchema(SqliteConnection connection)
    {
        // IMMEDIATE: two processes starting on a new file must not both create the schema.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteSchema.CreateVersionTable;
        command.ExecuteNonQuery();

        command.CommandText = SqliteSchema.ReadVersion;
        var stored = command.ExecuteScalar() is long version ? version : (long?)null;
        if (stored > SqliteSchema.Version)
        {
            throw new SqliteStorageStartupException(
                $"The SQLite database '{FilePath}' has schema version {stored}, newer than version {SqliteSchema.Version} this runtime supports. Run a newer runtime or point {SqliteStorageOptions.ConfigurationSectionName}:DataSource at another file.",
                FilePath,
                null);
        }

        // Version 1 is the first: "CREATE ... IF NOT EXISTS" also completes a file left half-created.
        foreach (var statement in SqliteSchema.CreateTables)
        {
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        if (stored is null)
        {
            command.CommandText = SqliteSchema.InsertVersion;
            command.Parameters.AddWithValue("@version", SqliteSchema.Version);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        if (stored is null)
        {
            LogSchemaCreated(FilePath, SqliteSchema.Version);
        }
    }

    private SqliteStorageStartupException Translate(SqliteException ex)
    {
        // Extended result codes carry the primary code in their low byte.
        var code = ex.SqliteErrorCode & 0xFF;
        var message = code switch
        {
            SqliteNotADatabase or SqliteCorrupt =>
                $"The file '{FilePath}' is not a SQLite database or is corrupt (SQLite error {code}: {ex.Message}). Restore it from a backup, or move it aside to start with an empty database.",
            SqliteBusy or SqliteLocked =>
                $"The SQLite database '{FilePath}' is locked by another process or connection and stayed locked beyond the busy timeout ({BusyTimeout}). Stop the other process (another silo using the same file?) or use another file (SQLite error {code}: {ex.Message}).",
            SqliteCantOpen or SqliteReadOnly or SqlitePerm =>
                $"The SQLite database '{FilePath}' cannot be opened for writing: check that its directory exists and is writable and that the file is not read-only (SQLite error {code}: {ex.Message}).",
            _ => $"The SQLite database '{FilePath}' could not be opened (SQLite error {code}: {ex.Message}).",
        };
        return new SqliteStorageStartupException(message, FilePath, ex);
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
