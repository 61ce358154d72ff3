using Harness.Runtime.Postgres;
using Harness.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

/// <summary>Start-up of a PostgreSQL database: migrations, version checks, unreachable servers.</summary>
public sealed class PostgresDatabaseTests
{
    [PostgresFact]
    public async Task Initialize_EmptySchema_CreatesTablesAndRecordsVersion()
    {
        using var schema = new PostgresTestSchema();
        var database = schema.CreateDatabase();

        await database.InitializeAsync(CancellationToken.None);

        Assert.True(database.IsInitialized);
        Assert.Equal(PostgresSchema.Version, schema.Scalar("SELECT MAX(version) FROM harness_schema;"));
        Assert.Equal((long)PostgresSchema.Migrations.Count, schema.Scalar("SELECT COUNT(*) FROM harness_schema;"));
        Assert.Equal(4L, schema.Scalar(
            $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{schema.SchemaName}' " +
            "AND table_name IN ('harness_grain_state', 'harness_reminders', 'harness_silos', 'harness_grain_directory');"));
        Assert.Equal(1L, schema.Scalar(
            $"SELECT COUNT(*) FROM pg_indexes WHERE schemaname = '{schema.SchemaName}' AND indexname = 'harness_grain_directory_silo';"));
    }

    [PostgresFact]
    public async Task Initialize_Twice_IsIdempotent()
    {
        using var schema = new PostgresTestSchema();
        await schema.CreateDatabase().InitializeAsync(CancellationToken.None);
        var again = schema.CreateDatabase();

        await again.InitializeAsync(CancellationToken.None);
        await again.InitializeAsync(CancellationToken.None);

        Assert.True(again.IsInitialized);
        Assert.Equal((long)PostgresSchema.Migrations.Count, schema.Scalar("SELECT COUNT(*) FROM harness_schema;"));
    }

    [PostgresFact]
    public async Task Initialize_TablesLeftWithoutVersion_CompletesMigration()
    {
        using var schema = new PostgresTestSchema();
        schema.Scalar("CREATE TABLE harness_reminders (grain_type text NOT NULL, grain_key text NOT NULL, name text NOT NULL, start_at timestamptz NOT NULL, period_ms bigint NOT NULL, etag bigint NOT NULL, PRIMARY KEY (grain_type, grain_key, name));");

        await schema.CreateDatabase().InitializeAsync(CancellationToken.None);

        Assert.Equal(PostgresSchema.Version, schema.Scalar("SELECT MAX(version) FROM harness_schema;"));
        Assert.Equal(0L, schema.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    [PostgresFact]
    public async Task Initialize_Version1Database_AddsTheClusteringTablesAndKeepsTheData()
    {
        using var schema = new PostgresTestSchema();
        schema.Scalar(PostgresSchema.CreateVersionTable + PostgresSchema.Migrations[0].Sql + "INSERT INTO harness_schema (version) VALUES (1);");
        schema.Scalar("INSERT INTO harness_grain_state (grain_type, grain_key, state_name, payload, etag) VALUES ('counter', '1', 'counter', NULL, 3);");

        await schema.CreateDatabase().InitializeAsync(CancellationToken.None);

        Assert.Equal(PostgresSchema.Version, schema.Scalar("SELECT MAX(version) FROM harness_schema;"));
        Assert.Equal(0L, schema.Scalar("SELECT COUNT(*) FROM harness_silos;"));
        Assert.Equal(0L, schema.Scalar("SELECT COUNT(*) FROM harness_grain_directory;"));
        Assert.Equal(3L, schema.Scalar("SELECT etag FROM harness_grain_state;"));
    }

    [PostgresFact]
    public async Task Initialize_ManyDatabasesStartingTogether_AllSucceedAndMigrateOnce()
    {
        using var schema = new PostgresTestSchema();
        var databases = Enumerable.Range(0, 8).Select(_ => schema.CreateDatabase()).ToArray();

        await Task.WhenAll(databases.Select(d => Task.Run(() => d.InitializeAsync(CancellationToken.None))));

        Assert.All(databases, d => Assert.True(d.IsInitialized));
        Assert.Equal((long)PostgresSchema.Migrations.Count, schema.Scalar("SELECT COUNT(*) FROM harness_schema;"));
    }

    [PostgresFact]
    public async Task Initialize_NewerSchemaVersion_IsRefusedNamingBothVersions()
    {
        using var schema = new PostgresTestSchema();
        await schema.CreateDatabase().InitializeAsync(CancellationToken.None);
        schema.Scalar("INSERT INTO harness_schema (version) VALUES (99);");
        var database = schema.CreateDatabase();

        var ex = await Assert.ThrowsAsync<PostgresStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"newer than version {PostgresSchema.Version} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Harness:Storage:Postgres:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.False(database.IsInitialized);
    }

    [PostgresFact]
    public async Task Initialize_MissingDatabase_FailsAtOnceSayingSo()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestEnvironment.RequireConnectionString()) { Database = "harness_missing_" + Guid.NewGuid().ToString("N") };
        using var database = new PostgresDatabase(
            new PostgresStorageOptions { ConnectionString = builder.ConnectionString, StartupTimeout = Timeout.InfiniteTimeSpan },
            TimeProvider.System,
            NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<PostgresStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Contains(builder.Database!, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSource_PreparesStatementsAndSkipsResetsByDefault()
    {
        using var database = new PostgresDatabase(
            new PostgresStorageOptions { ConnectionString = "Host=db;Username=harness;Database=harness" }, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(20, database.Settings.MaxAutoPrepare);
        Assert.Equal(2, database.Settings.AutoPrepareMinUsages);
        Assert.True(database.Settings.NoResetOnClose);
        Assert.Equal("db:5432/harness", database.Server);
    }

    [Fact]
    public void DataSource_KeepsSettingsTheConnectionStringGives()
    {
        using var database = new PostgresDatabase(
            new PostgresStorageOptions { ConnectionString = "Host=db;Port=6543;Database=harness;Max Auto Prepare=0;AutoPrepareMinUsages=5;No Reset On Close=false" },
            TimeProvider.System,
            NullLoggerFactory.Instance);

        Assert.Equal(0, database.Settings.MaxAutoPrepare);
        Assert.Equal(5, database.Settings.AutoPrepareMinUsages);
        Assert.False(database.Settings.NoResetOnClose);
        Assert.Equal("db:6543/harness", database.Server);
    }

    [Fact]
    public async Task Initialize_UnreachableServer_LogsEachRetryThenThrowsNamingHostAndPort()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        using var database = new PostgresDatabase(
            new PostgresStorageOptions
            {
                ConnectionString = "Host=127.0.0.1;Port=1;Username=harness;Password=x;Database=harness;Timeout=2",
                StartupRetryDelay = TimeSpan.FromSeconds(10),
                StartupTimeout = TimeSpan.FromSeconds(15),
            },
            time,
            logs);

        var start = database.InitializeAsync(CancellationToken.None);

        // First attempt fails: a warning, then a wait of the retry delay on the (fake) clock.
        var warning = await logs.WhenLogged(602);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("127.0.0.1:1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("retrying in 00:00:10", warning.Message, StringComparison.Ordinal);
        Assert.False(start.IsCompleted);

        // The second attempt (10 s in) retries once more, for the 5 s left; the third (15 s in) gives up.
        time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => logs.Entries.Count(e => e.EventId == 602) >= 2);
        Assert.Contains("retrying in 00:00:05", logs.Entries.Last(e => e.EventId == 602).Message, StringComparison.Ordinal);
        Assert.False(start.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<PostgresStorageStartupException>(() => start);
        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:1/harness", ex.Server);
        Assert.IsAssignableFrom<NpgsqlException>(ex.InnerException);
        Assert.Contains(logs.Entries, e => e.EventId == 603 && e.Level == LogLevel.Error);
        Assert.False(database.IsInitialized);
    }

    [Fact]
    public async Task Initialize_UnreachableServerWithZeroTimeout_FailsAfterOneAttempt()
    {
        using var database = new PostgresDatabase(
            new PostgresStorageOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=harness;Database=harness", StartupTimeout = TimeSpan.Zero },
            TimeProvider.System,
            NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<PostgresStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 attempt(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_StopsRetryingAnUnreachableServer()
    {
        var logs = new CapturingLoggerProvider();
        var database = new PostgresDatabase(
            new PostgresStorageOptions
            {
                ConnectionString = "Host=127.0.0.1;Port=1;Username=harness;Database=harness",
                StartupRetryDelay = TimeSpan.FromHours(1),
                StartupTimeout = Timeout.InfiniteTimeSpan,
            },
            TimeProvider.System,
            logs);
        var start = database.InitializeAsync(CancellationToken.None);
        await logs.WhenLogged(602);

        database.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
    }

    /// <summary>Waits (in real time, the fake clock standing still) for the retry loop to reach a condition.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
