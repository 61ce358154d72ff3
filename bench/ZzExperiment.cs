using System.Diagnostics;
using System.Text.Json;
using Harness.Runtime;
using Harness.Runtime.Postgres;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Bench;

internal static class ZzExperiment
{
    private sealed class HState : IGrainState<CheckpointState>, IStorageHandleHolder
    {
        public CheckpointState State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
        public object? StorageHandle { get; set; }
    }

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var cs0 = Environment.GetEnvironmentVariable("HARNESS_BENCH_POSTGRES")!;
        var schema = "harness_exp_" + Guid.NewGuid().ToString("N");
        await Exec(cs0, $"CREATE SCHEMA {schema};");
        var cs = new NpgsqlConnectionStringBuilder(cs0) { SearchPath = schema }.ConnectionString;
        try
        {
            using var db = new PostgresDatabase(new PostgresStorageOptions { ConnectionString = cs }, TimeProvider.System, NullLoggerFactory.Instance);
            await db.InitializeAsync(default);
            var storage = new PostgresGrainStorage("x", db, new GrainStateSerializer(), TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
            var st = new HState { State = new CheckpointState { Payload = new string('x', 1000) } };
            var gid = new GrainId("checkpoint", "1");
            await storage.WriteStateAsync("checkpoint", gid, st, default);

            await using var raw = new NpgsqlConnection(cs);
            await raw.OpenAsync();
            await Exec(cs, "CREATE TABLE raw_upsert (k integer PRIMARY KEY, v bytea NOT NULL);");
            var text = new string('x', 1000);
            int rv = 0;
            byte[] Next() => JsonSerializer.SerializeToUtf8Bytes(new CheckpointState { Version = ++rv, Payload = text });

            await using var upsert = new NpgsqlCommand("INSERT INTO raw_upsert (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;", raw);
            upsert.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 1 });
            var v = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Next() };
            upsert.Parameters.Add(v);
            await upsert.PrepareAsync();

            var id = (long)st.StorageHandle!;
            await using var upd = new NpgsqlCommand("UPDATE harness_grain_state SET payload = $1, etag = $2, updated_at = $3 WHERE id = $4 AND etag = $5", raw);
            var p1 = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Next() };
            var p2 = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
            var p3 = new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = TimeProvider.System.GetUtcNow() };
            var p4 = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id };
            var p5 = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
            upd.Parameters.Add(p1); upd.Parameters.Add(p2); upd.Parameters.Add(p3); upd.Parameters.Add(p4); upd.Parameters.Add(p5);
            await upd.PrepareAsync();

            var ds = db.DataSource;
            await using var held = await ds.OpenConnectionAsync();
            var kinds = new Dictionary<string, Func<Task>>
            {
                ["held_autoprep_upsert"] = async () =>
                {
                    await using var cmd = new NpgsqlCommand("INSERT INTO raw_upsert (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", held);
                    cmd.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 1 });
                    cmd.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Next() });
                    await cmd.ExecuteNonQueryAsync();
                },
                ["pool_open_close"] = async () => { await using var c = await ds.OpenConnectionAsync(); },
                ["storage"] = async () => { st.State.Version++; await storage.WriteStateAsync("checkpoint", gid, st, default); },
                ["raw_upsert"] = async () => { v.TypedValue = Next(); await upsert.ExecuteNonQueryAsync(); },
                ["raw_upsert_sync"] = () => { v.TypedValue = Next(); upsert.ExecuteNonQuery(); return Task.CompletedTask; },
                ["raw_update_sameSQL"] = async () => { p1.TypedValue = Next(); var e = long.Parse(st.ETag!); p5.TypedValue = e; p2.TypedValue = e + 1; await upd.ExecuteNonQueryAsync(); st.ETag = (e + 1).ToString(); },
                ["pooled_upsert"] = async () =>
                {
                    await using var c = await ds.OpenConnectionAsync();
                    await using var cmd = new NpgsqlCommand("INSERT INTO raw_upsert (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", c);
                    cmd.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 1 });
                    cmd.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Next() });
                    await cmd.ExecuteNonQueryAsync();
                },
            };
            var samples = kinds.Keys.ToDictionary(k => k, _ => new List<long>());
            foreach (var (k, f) in kinds) { for (int i = 0; i < 300; i++) { await f(); } }
            for (int b = 0; b < 6; b++)
            {
                foreach (var (k, f) in kinds)
                {
                    for (int i = 0; i < 400; i++)
                    {
                        var t = Stopwatch.GetTimestamp();
                        await f();
                        samples[k].Add(Stopwatch.GetTimestamp() - t);
                    }
                }
            }

            var result = new Dictionary<string, object>();
            result["ds"] = ds.ConnectionString;
            result["contains"] = new NpgsqlConnectionStringBuilder("Host=x").ContainsKey("Max Auto Prepare");
            foreach (var (k, s) in samples) { result[k] = Stats.Round(Stats.Percentile(s.ToArray(), 50)); }
            result["etag_after"] = st.ETag!;
            return result;
        }
        finally
        {
            await Exec(cs0, $"DROP SCHEMA {schema} CASCADE;");
        }
    }

    private static async Task Exec(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
