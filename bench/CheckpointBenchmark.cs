using System.Text.Json;
using Harness.Runtime.Hosting;
using Microsoft.Data.Sqlite;

namespace Harness.Bench;

/// <summary>
/// The price of a checkpoint: a grain's WriteStateAsync of a 1 KB state to SQLite against a raw single-row
/// upsert of the same bytes through a prepared statement with the same settings (WAL, synchronous=NORMAL) on
/// a file of its own in the same directory: sharing one WAL file, each side would pay the other's
/// checkpoints. Blocks of each alternate so drift on a shared machine hits both alike. Every raw upsert writes
/// new bytes (the next version's JSON, serialized before the clock starts): SQLite skips rewriting a row
/// whose bytes did not change, so a constant payload would time a no-op, not a write.
/// </summary>
internal static class CheckpointBenchmark
{
    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var directory = Path.Combine(Path.GetTempPath(), "harness-bench-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "checkpoint.db");
        try
        {
            return await RunAsync(path, quick);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Dictionary<string, object>> RunAsync(string path, bool quick)
    {
        await using var silo = await BenchSilo.StartAsync(s => s.AddSqliteGrainStorage(configure: o => o.DataSource = path));
        var grain = silo.GrainFactory.GetGrain<ICheckpointGrain>(1);

        await using var raw = new SqliteConnection($"Data Source={Path.ChangeExtension(path, ".raw.db")};Pooling=False");
        await raw.OpenAsync();
        Execute(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Execute(raw, "CREATE TABLE IF NOT EXISTS raw_upsert (k INTEGER PRIMARY KEY, v BLOB NOT NULL);");
        await using var upsert = raw.CreateCommand();
        upsert.CommandText = "INSERT INTO raw_upsert (k, v) VALUES ($k, $v) ON CONFLICT(k) DO UPDATE SET v = excluded.v;";
        var key = upsert.Parameters.Add("$k", SqliteType.Integer);
        var value = upsert.Parameters.Add("$v", SqliteType.Blob);
        key.Value = 1;
        var text = new string('x', 1000);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CheckpointState { Version = 1, Payload = text });
        value.Value = payload;
        upsert.Prepare();
        var rawVersion = 0;
        void NextRawPayload() => value.Value = JsonSerializer.SerializeToUtf8Bytes(new CheckpointState { Version = ++rawVersion, Payload = text });

        return await CheckpointComparison.RunAsync(quick, grain, NextRawPayload, () => { upsert.ExecuteNonQuery(); return ValueTask.CompletedTask; }, "SQLite", payload.Length);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
