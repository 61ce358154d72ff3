using Harness.Runtime.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>
/// A schema of its own (<c>harness_test_&lt;guid&gt;</c>) in the database named by <c>HARNESS_TEST_POSTGRES</c>, so each
/// test sees empty tables; <see cref="ConnectionString"/> puts it first on the search path. Dropped on dispose,
/// after the databases and other disposables it owns.
/// </summary>
internal sealed class PostgresTestSchema : IDisposable
{
    private readonly string _adminConnectionString;
    private readonly List<IDisposable> _owned = [];

    public PostgresTestSchema()
    {
        _adminConnectionString = new NpgsqlConnectionStringBuilder(PostgresTestEnvironment.RequireConnectionString()) { Pooling = false }.ConnectionString;
        SchemaName = "harness_test_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE SCHEMA {SchemaName};");
        // A small pool per schema: test classes run in parallel, and the server's connection slots (100 by default)
        // are shared by all of them (and by the silo processes of the fault tests).
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresTestEnvironment.RequireConnectionString()) { SearchPath = SchemaName, MaxPoolSize = 10 }.ConnectionString;
    }

    public string SchemaName { get; }

    /// <summary>Gets the connection string the code under test uses: the test database, this schema first.</summary>
    public string ConnectionString { get; }

    public PostgresStorageOptions Options(TimeSpan? startupTimeout = null) => new()
    {
        ConnectionString = ConnectionString,
        StartupRetryDelay = TimeSpan.FromMilliseconds(100),
        StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>A new database object (own data source and pool) over this schema.</summary>
    public PostgresDatabase CreateDatabase(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null) =>
        Own(new PostgresDatabase(Options(), timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance));

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        lock (_owned)
        {
            _owned.Add(disposable);
        }

        return disposable;
    }

    /// <summary>Runs SQL outside the code under test, with this schema on the search path.</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        Execute($"DROP SCHEMA IF EXISTS {SchemaName} CASCADE;");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
