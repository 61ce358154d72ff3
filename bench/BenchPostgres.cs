using Npgsql;

namespace Harness.Bench;

/// <summary>
/// The PostgreSQL server of the benchmarks that need one, named by <c>HARNESS_BENCH_POSTGRES</c> (an Npgsql
/// connection string whose user may create schemas). Each run works in a schema of its own, dropped at the end.
/// </summary>
internal static class BenchPostgres
{
    public const string ConnectionStringVariable = "HARNESS_BENCH_POSTGRES";

    /// <summary>Runs <paramref name="run"/> with a connection string whose search path is a fresh schema; exits with a message when no server is named.</summary>
    public static async Task<T> InFreshSchemaAsync<T>(string scenario, Func<string, Task<T>> run)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine(
                $"{scenario} needs a PostgreSQL server: set {ConnectionStringVariable} to an Npgsql connection string, " +
                "e.g. Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_test (the user must be allowed to create schemas).");
            Environment.Exit(2);
        }

        var schema = "harness_bench_" + Guid.NewGuid().ToString("N");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE SCHEMA {schema};");
        try
        {
            return await run(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString);
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP SCHEMA IF EXISTS {schema} CASCADE;");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
