using Npgsql;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>Where the PostgreSQL tests find their server, and whether they may be skipped.</summary>
public static class PostgresTestEnvironment
{
    /// <summary>The environment variable holding the tests' connection string.</summary>
    public const string ConnectionStringVariable = "HARNESS_TEST_POSTGRES";

    private static readonly Lazy<string?> Skip = new(FindSkipReason);

    /// <summary>Gets the reason to skip PostgreSQL tests here, or null to run them (always null under CI=true).</summary>
    public static string? SkipReason => Skip.Value;

    /// <summary>Gets the connection string, or throws saying how to provide one.</summary>
    public static string RequireConnectionString() =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: set {ConnectionStringVariable} to an Npgsql connection string " +
                "(e.g. Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_test). .ci/run installs and starts one.");

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? FindSkipReason()
    {
        if (IsCi)
        {
            return null;
        }

        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            return $"PostgreSQL not available: set {ConnectionStringVariable} (an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_test).";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 2, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 2 };
            command.ExecuteScalar();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return $"PostgreSQL not available: the server named by {ConnectionStringVariable} did not answer ({ex.Message}).";
        }
    }
}
