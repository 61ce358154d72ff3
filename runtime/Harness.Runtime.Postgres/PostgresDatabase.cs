using System.Data.Common;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Runtime.Postgres;

/// <summary>
/// One PostgreSQL database (one connection string) shared by every storage provider and reminder table configured
/// with it: owns the pooled <see cref="NpgsqlDataSource"/>, and at start waits for the server (retrying an
/// unreachable one until <see cref="PostgresStorageOptions.StartupTimeout"/>) and applies the schema migrations.
/// </summary>
internal sealed partial class PostgresDatabase : IStorageStartup, IDisposable
{
    // PostgreSQL error codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
    private const string InvalidAuthorization = "28000";
    private const string InvalidPassword = "28P01";
    private const string InvalidCatalogName = "3D000";
    private const string InvalidSchemaName = "3F000";
    private const string InsufficientPrivilege = "42501";

    private const string Setting = PostgresStorageOptions.ConfigurationSectionName + ":ConnectionString";

    private const int DefaultMaxAutoPrepare = 20;
    private const int DefaultAutoPrepareMinUsages = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task? _initialization;

    public PostgresDatabase(PostgresStorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ConnectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<PostgresDatabase>();
        RetryDelay = options.StartupRetryDelay;
        StartupTimeout = options.StartupTimeout;

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var settings = builder.ConnectionStringBuilder;

        // The keywords the connection string itself sets (NpgsqlConnectionStringBuilder.ContainsKey answers true
        // for every keyword it knows, so ask a plain builder).
        var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        bool Sets(string keyword) => given.ContainsKey(keyword) || given.ContainsKey(keyword.Replace(" ", string.Empty, StringComparison.Ordinal));

        // Every statement here is one of a handful, run over and over: let Npgsql prepare them on each pooled
        // connection, unless the connection string decides.
        if (!Sets("Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!Sets("Auto Prepare Min Usages"))
        {
            settings.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }

        // Nothing here changes session state (no SET, no temporary tables; advisory locks are transaction-scoped),
        // so a connection returned to the pool needs no reset before its next use.
        if (!Sets("No Reset On Close"))
        {
            settings.NoResetOnClose = true;
        }

        Host = string.IsNullOrEmpty(settings.Host) ? "localhost" : settings.Host;
        Port = settings.Port;
        DatabaseName = settings.Database ?? settings.Username ?? "(default)";
        Server = $"{Host}:{Port}/{DatabaseName}";
        Settings = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        builder.UseLoggerFactory(loggerFactory);
        _dataSource = builder.Build();
    }

    /// <summary>Gets the server host (as configured; may list several hosts).</summary>
    public string Host { get; }

    /// <summary>Gets the server port.</summary>
    public int Port { get; }

    /// <summary>Gets the database name.</summary>
    public string DatabaseName { get; }

    /// <summary>Gets the server as <c>host:port/database</c>, for messages.</summary>
    public string Server { get; }

    public TimeSpan RetryDelay { get; }

    public TimeSpan StartupTimeout { get; }

    /// <summary>Gets the pooled data source; use it after <see cref="InitializeAsync"/>.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Gets the connection settings the data source uses (the given ones plus the defaults applied here).</summary>
    public NpgsqlConnectionStringBuilder Settings { get; }

    public bool IsInitialized => _initialization is { IsCompletedSuccessfully: true };

    /// <summary>
    /// Waits for the server and applies the migrations, once; concurrent callers share the attempt. A failed
    /// attempt surfaces as <see cref="PostgresStorageStartupException"/>, and a later call tries again.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Task initialization;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                // Not cancellable by one caller (others may be waiting on it); disposal stops it.
                _initialization = Task.Run(() => InitializeCoreAsync(_disposed.Token), CancellationToken.None);
            }

            initialization = _initialization;
        }

        return initialization.IsCompleted ? initialization : initialization.WaitAsync(cancellationToken);
    }

    Task IStorageStartup.StartAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    /// <summary>Opens a pooled connection, initializing the database first if needed.</summary>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
        }

        _dataSource.Dispose();
        _disposed.Dispose();
        LogDatabaseClosed(Server);
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                var version = await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                LogDatabaseReady(Server, version, attempt);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                // Unreachable, refusing connections, starting up or out of connection slots: wait and retry.
                var elapsed = _timeProvider.GetElapsedTime(started);
                var infinite = StartupTimeout == Timeout.InfiniteTimeSpan;
                if (!infinite && elapsed >= StartupTimeout)
                {
                    var message =
                        $"The PostgreSQL server {Host}:{Port} (database {DatabaseName}) could not be reached within the startup timeout of {StartupTimeout} " +
                        $"({attempt} attempt(s); last error: {ex.Message}). Check that the server is running and reachable, and {Setting}.";
                    LogStartupFailed(Server, message, ex);
                    throw new PostgresStorageStartupException(message, Server, ex);
                }

                var delay = infinite || RetryDelay <= StartupTimeout - elapsed ? RetryDelay : StartupTimeout - elapsed;
                var wait = Task.Delay(delay, _timeProvider, cancellationToken);
                LogServerUnreachable(Host, Port, DatabaseName, attempt, ex.Message, delay, infinite ? "none, retrying until stopped" : StartupTimeout.ToString());
                await wait.ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                var message = Describe(ex);
                LogStartupFailed(Server, message, ex);
                throw new PostgresStorageStartupException(message, Server, ex);
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var message = $"The PostgreSQL server {Host}:{Port} (database {DatabaseName}) could not be used: {ex.Message}. Check {Setting}.";
                LogStartupFailed(Server, message, ex);
                throw new PostgresStorageStartupException(message, Server, ex);
            }
        }
    }

    /// <summary>
    /// Applies the migrations the database lacks, in one transaction under an advisory lock, so silos starting
    /// together neither race on creating tables nor apply a migration twice. Returns the resulting version.
    /// </summary>
    private async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSchema.LockMigrations, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = PostgresSchema.MigrationLockKey });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.Parameters.Clear();

        command.CommandText = PostgresSchema.CreateVersionTable;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        command.CommandText = PostgresSchema.ReadVersion;
        var stored = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (stored > PostgresSchema.Version)
        {
            throw new PostgresStorageStartupException(
                $"The PostgreSQL database {DatabaseName} on {Host}:{Port} has schema version {stored} (table {PostgresSchema.VersionTable}), newer than version {PostgresSchema.Version} " +
                $"this runtime supports. Run a newer runtime, or point {Setting} at another database or schema (Search Path=...).",
                Server,
                null);
        }

        foreach (var (version, sql) in PostgresSchema.Migrations)
        {
            if (version <= stored)
            {
                continue;
            }

            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.CommandText = PostgresSchema.InsertVersion;
            command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = version });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.Parameters.Clear();
            LogMigrationApplied(Server, stored, version);
            stored = version;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private string Describe(PostgresException ex) => ex.SqlState switch
    {
        InvalidPassword or InvalidAuthorization =>
            $"The PostgreSQL server {Host}:{Port} refused the login to database {DatabaseName} ({ex.SqlState}: {ex.MessageText}). Check the user name and password in {Setting}.",
        InvalidCatalogName =>
            $"The PostgreSQL database {DatabaseName} does not exist on {Host}:{Port} ({ex.MessageText}). Create it, or fix Database=... in {Setting}.",
        InvalidSchemaName =>
            $"The PostgreSQL database {DatabaseName} on {Host}:{Port} has no schema to create the tables in ({ex.MessageText}). Create the schema named by Search Path=... in {Setting}, or remove that setting.",
        InsufficientPrivilege =>
            $"The PostgreSQL user may not create or use the tables in database {DatabaseName} on {Host}:{Port} ({ex.MessageText}). Grant it CREATE and USAGE on the schema, or change the user in {Setting}.",
        _ => $"The PostgreSQL database {DatabaseName} on {Host}:{Port} could not be prepared ({ex.SqlState}: {ex.MessageText}).",
    };
}
