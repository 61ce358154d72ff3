using System.Text.Json;
using Harness.Runtime.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Bench;

/// <summary>
/// The price of a checkpoint on PostgreSQL: a grain's WriteStateAsync of a 1 KB state against a raw single-row
/// <c>INSERT ... ON CONFLICT DO UPDATE</c> of the same size through an explicitly prepared statement on one open
/// connection, on a table of its own in the same database and schema. The server is named by the environment
/// variable <c>HARNESS_BENCH_POSTGRES</c> (an Npgsql connection string); the run works in a schema of its own,
/// dropped at the end. Blocks of each alternate so drift on a shared machine hits both alike. Every raw upsert
/// writes new bytes (the next version's JSON, serialized before the clock starts), as the grain's writes do: a
/// write of unchanged bytes is not the cost being compared.
/// </summary>
internal static class PostgresCheckpointBenchmark
{
    public static Task<Dictionary<string, object>> RunAsync(bool quick) =>
        BenchPostgres.InFreshSchemaAsync("checkpoint-pg", connectionString => RunAsync(connectionString, quick));

    private static async Task<Dictionary<string, object>> RunAsync(string connectionString, bool quick)
    {
        await using var silo = await BenchSilo.StartAsync(s => s.AddPostgresGrainStorage(configure: o => o.ConnectionString = connectionString));
        var grain = silo.GrainFactory.GetGrain<ICheckpointGrain>(1);

        await using var raw = new NpgsqlConnection(connectionString);
        await raw.OpenAsync();
        var serverVersion = raw.PostgreSqlVersion;
        await using (var setup = new NpgsqlCommand("CREATE TABLE raw_upsert (k integer PRIMARY KEY, v bytea NOT NULL);", raw))
        {
            await setup.ExecuteNonQueryAsync();
        }

        string synchronousCommit;
        await using (var show = new NpgsqlCommand("SHOW synchronous_commit;", raw))
        {
            synchronousCommit = (string)(await show.ExecuteScalarAsync())!;
        }

        await using var upsert = new NpgsqlCommand("INSERT INTO raw_upsert (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;", raw);
        upsert.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 1 });
        var value = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea };
        upsert.Parameters.Add(value);
        var text = new string('x', 1000);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CheckpointState { Version = 1, Payload = text });
        value.TypedValue = payload;
        await upsert.PrepareAsync();
        var rawVersion = 0;
        void NextRawPayload() => value.TypedValue = JsonSerializer.SerializeToUtf8Bytes(new CheckpointState { Version = ++rawVersion, Payload = text });

        Console.WriteLine($"PostgreSQL {serverVersion} (synchronous_commit={synchronousCommit})");
        var results = await CheckpointComparison.RunAsync(quick, grain, NextRawPayload, async () => await upsert.ExecuteNonQueryAsync(), "PostgreSQL", payload.Length);
        results["server_version"] = serverVersion.ToString();
        results["synchronous_commit"] = synchronousCommit;
        return results;
    }
}
