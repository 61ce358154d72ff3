using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Harness.Grains;
using Harness.Grains.Chains.Definitions;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Bench;

/// <summary>
/// The price of durability for task chains: a chain of 50 no-op <c>transform</c> nodes in a line (the first a constant,
/// each next one <c>{{nodes.prev.output}}</c>), run to the end by the product's chain grain, which writes its whole
/// checkpoint after every node. The same chains run on three silos of this process that differ only in their
/// "Default" grain storage: SQLite on a temporary file (the embedded default's provider), the in-memory provider
/// (which still serializes every checkpoint), and <see cref="NoopGrainStorage"/>, which neither serializes nor stores
/// (the floor: no persistence at all); with <c>HARNESS_BENCH_POSTGRES</c> set, a fourth silo on PostgreSQL. Rounds
/// alternate between the silos so drift on a shared machine hits all alike. Each round runs chains one at a time
/// (sequential) and then 8 at a time (8 closed-loop callers, each submitting a chain and long-polling its events until it
/// ends); a block runs a fixed number of chains and goes on until it has lasted a minimum time (so the fast floor is
/// timed over as long a period as the durable storages). A step is a completed node (one checkpoint each); steps/s = nodes completed / wall time, submission and the
/// chain's start and end writes included.
/// </summary>
internal static class ChainStepsBenchmark
{
    private const int Nodes = 50;
    private const int Concurrency = 8;

    // Submitted, then NodeStarted and NodeCompleted per node, then Succeeded.
    private const int ExpectedEvents = 2 + (2 * Nodes);

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var rounds = quick ? 2 : 5;
        var sequentialChains = quick ? 10 : 30;
        var concurrentChains = quick ? 24 : 80;

        // A block runs at least this long: the floor's chains are so fast that a fixed count would time a few milliseconds.
        var minSeconds = quick ? 0.4 : 1.0;
        var definition = ChainDefinitionParser.Parse(Document(), ChainDocumentFormat.Yaml);
        var directory = Path.Combine(Path.GetTempPath(), "harness-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var sqlitePath = Path.Combine(directory, "chains.db");
        var postgres = Environment.GetEnvironmentVariable(BenchPostgres.ConnectionStringVariable);
        try
        {
            if (string.IsNullOrWhiteSpace(postgres))
            {
                Console.WriteLine($"postgres: skipped: {BenchPostgres.ConnectionStringVariable} is not set");
                return await RunAsync(definition, sqlitePath, null, rounds, sequentialChains, concurrentChains, minSeconds);
            }

            return await BenchPostgres.InFreshSchemaAsync(
                "chain-steps",
                connectionString => RunAsync(definition, sqlitePath, connectionString, rounds, sequentialChains, concurrentChains, minSeconds));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Dictionary<string, object>> RunAsync(
        ChainDefinition definition, string sqlitePath, string? postgres, int rounds, int sequentialChains, int concurrentChains, double minSeconds)
    {
        var variants = new List<Variant>
        {
            new("none", s => s.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new NoopGrainStorage())),
            new("memory", s => s.AddMemoryGrainStorage()),
            new("sqlite", s => s.AddSqliteGrainStorage(configure: o => o.DataSource = sqlitePath)),
        };
        if (postgres is not null)
        {
            variants.Add(new("postgres", s => s.AddPostgresGrainStorage(configure: o => o.ConnectionString = postgres)));
        }

        try
        {
            foreach (var variant in variants)
            {
                variant.Silo = await BenchSilo.StartAsync(
                    s =>
                    {
                        s.AddHarnessGrains().AddMemoryStreams("Default").UseInMemoryReminders();
                        variant.Storage(s);
                        if (variant.Name == "none")
                        {
                            s.RecordStorageProvider(GrainStorageNames.Default, "none");
                        }
                    },
                    Settings);
                await RunChainsAsync(variant, definition, "warm", 6, 2);
            }

            Console.WriteLine(
                $"chains of {Nodes} transform nodes in a line; {rounds} rounds, each per storage: {sequentialChains} chains one at a time, " +
                $"then {concurrentChains} chains {Concurrency} at a time, each block going on for at least {minSeconds:F1} s; storages: {string.Join(", ", variants.Select(v => v.Name))}");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var variant in variants)
                {
                    var (steps, seconds) = await RunChainsAsync(variant, definition, $"s{round}", sequentialChains, 1, minSeconds);
                    variant.SequentialSteps += steps;
                    variant.SequentialSeconds += seconds;
                }

                foreach (var variant in variants)
                {
                    var (steps, seconds) = await RunChainsAsync(variant, definition, $"c{round}", concurrentChains, Concurrency, minSeconds);
                    variant.ConcurrentSteps += steps;
                    variant.ConcurrentSeconds += seconds;
                }
            }
        }
        finally
        {
            foreach (var variant in variants)
            {
                if (variant.Silo is { } silo)
                {
                    await silo.DisposeAsync();
                }
            }
        }

        var (checkpointBytes, parts, indexBytes, indexChains) = ReadSizes(sqlitePath);
        var none = variants[0];
        foreach (var variant in variants)
        {
            Console.WriteLine(
                $"{variant.Name,-9} one at a time: {variant.SequentialRate,9:N0} steps/s ({1e6 / variant.SequentialRate,7:F1} µs/step, ratio to none {variant.SequentialRate / none.SequentialRate:F3}); " +
                $"{Concurrency} at a time: {variant.ConcurrentRate,9:N0} steps/s (ratio to none {variant.ConcurrentRate / none.ConcurrentRate:F3})");
        }

        Console.WriteLine(
            $"checkpoint of a finished {Nodes}-node chain in SQLite: {checkpointBytes:N0} bytes, written whole after every node; largest parts: " +
            string.Join(", ", parts.OrderByDescending(p => p.Value).Take(4).Select(p => $"{p.Key} {p.Value:N0}")));
        Console.WriteLine($"chain index (one grain, rewritten whole at every chain's start and end): {indexBytes:N0} bytes for {indexChains:N0} chains at the end");

        var sqlite = variants[2];
        var memory = variants[1];
        var result = new Dictionary<string, object>
        {
            ["steps_per_s"] = Math.Round(sqlite.ConcurrentRate),
            ["steps_per_s_no_persistence"] = Math.Round(none.ConcurrentRate),
            ["durability_ratio"] = Stats.Round(sqlite.ConcurrentRate / none.ConcurrentRate),
            ["steps_per_s_memory"] = Math.Round(memory.ConcurrentRate),
            ["memory_ratio"] = Stats.Round(memory.ConcurrentRate / none.ConcurrentRate),
            ["steps_per_s_sequential"] = Math.Round(sqlite.SequentialRate),
            ["steps_per_s_no_persistence_sequential"] = Math.Round(none.SequentialRate),
            ["durability_ratio_sequential"] = Stats.Round(sqlite.SequentialRate / none.SequentialRate),
            ["steps_per_s_memory_sequential"] = Math.Round(memory.SequentialRate),
            ["step_us_sequential"] = Stats.Round(1e6 / sqlite.SequentialRate),
            ["step_us_no_persistence_sequential"] = Stats.Round(1e6 / none.SequentialRate),
            ["checkpoint_bytes"] = checkpointBytes,
            ["checkpoint_events_bytes"] = parts.GetValueOrDefault("Events"),
            ["checkpoint_nodes_bytes"] = parts.GetValueOrDefault("Nodes"),
            ["checkpoint_definition_bytes"] = parts.GetValueOrDefault("Definition"),
            ["chain_index_bytes"] = indexBytes,
            ["nodes"] = Nodes,
            ["concurrency"] = Concurrency,
            ["chains_none"] = none.Chains,
            ["chains_sqlite"] = sqlite.Chains,
        };
        if (variants.Count > 3)
        {
            var pg = variants[3];
            result["steps_per_s_postgres"] = Math.Round(pg.ConcurrentRate);
            result["durability_ratio_postgres"] = Stats.Round(pg.ConcurrentRate / none.ConcurrentRate);
            result["steps_per_s_postgres_sequential"] = Math.Round(pg.SequentialRate);
            result["durability_ratio_postgres_sequential"] = Stats.Round(pg.SequentialRate / none.SequentialRate);
        }

        return result;
    }

    private static Dictionary<string, string?> Settings => new()
    {
        ["Harness:Devices:UseNvml"] = "false",
        ["Harness:Devices:CpuMemoryMb"] = "4096",
    };

    private static string Document()
    {
        var yaml = new StringBuilder("name: steps\nnodes:\n  - { id: n1, type: transform, expression: \"start\" }\n");
        for (var i = 2; i <= Nodes; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ id: n{i}, type: transform, expression: \"{{{{nodes.n{i - 1}.output}}}}\" }}\n");
        }

        yaml.Append("edges:\n");
        for (var i = 2; i <= Nodes; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ from: n{i - 1}, to: n{i} }}\n");
        }

        return yaml.ToString();
    }

    /// <summary>Runs <paramref name="count"/> chains, <paramref name="concurrency"/> at a time, each to its end; checks each succeeded with the expected result.</summary>
    private static async Task<(long Steps, double Seconds)> RunChainsAsync(
        Variant variant, ChainDefinition definition, string prefix, int count, int concurrency, double minSeconds = 0)
    {
        var grains = variant.Silo!.GrainFactory;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count || Stopwatch.GetElapsedTime(started).TotalSeconds < minSeconds)
            {
                var id = $"{prefix}-{index}";
                var chain = grains.GetGrain<IChainGrain>(id);
                await chain.Submit(new ChainSubmission { Definition = definition });

                // Wakes at every checkpoint until the last event exists.
                while (!(await chain.GetEvents(ExpectedEvents - 1, TimeSpan.FromSeconds(30))).Ended)
                {
                }

                var snapshot = await chain.GetSnapshot();
                if (snapshot.Status != ChainStatus.Succeeded || snapshot.Result is null || snapshot.Result != snapshot.Nodes[0].Output
                    || snapshot.Nodes.Any(n => n.Completions != 1) || snapshot.Checkpoints != Nodes + 2)
                {
                    throw new InvalidOperationException(
                        $"chain {id} on {variant.Name}: {snapshot.Status}, result {snapshot.Result ?? "null"}, {snapshot.Checkpoints} checkpoints, error {snapshot.Error ?? "none"}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Every worker took one index past the last chain it ran.
        var ran = next + 1 - concurrency;
        variant.Chains += ran;
        return ((long)ran * Nodes, seconds);
    }

    /// <summary>The largest chain checkpoint, its biggest parts (top-level properties), and the chain index, read back from the SQLite file.</summary>
    private static (long Checkpoint, Dictionary<string, long> Parts, long Index, long IndexChains) ReadSizes(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT (SELECT payload FROM grain_state WHERE grain_type = 'chain' ORDER BY length(payload) DESC LIMIT 1), " +
            "(SELECT max(length(payload)) FROM grain_state WHERE grain_type = 'chain-index'), " +
            "(SELECT count(*) FROM grain_state WHERE grain_type = 'chain');";
        using var reader = command.ExecuteReader();
        reader.Read();
        var parts = new Dictionary<string, long>(StringComparer.Ordinal);
        long checkpoint = 0;
        if (!reader.IsDBNull(0))
        {
            var payload = reader.GetFieldValue<byte[]>(0);
            checkpoint = payload.Length;
            using var document = JsonDocument.Parse(payload);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                parts[property.Name] = Encoding.UTF8.GetByteCount(property.Value.GetRawText());
            }
        }

        return (checkpoint, parts, reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.GetInt64(2));
    }

    private sealed class Variant(string name, Action<ISiloBuilder> storage)
    {
        public string Name => name;

        public Action<ISiloBuilder> Storage => storage;

        public BenchSilo? Silo { get; set; }

        public long Chains { get; set; }

        public long SequentialSteps { get; set; }

        public double SequentialSeconds { get; set; }

        public long ConcurrentSteps { get; set; }

        public double ConcurrentSeconds { get; set; }

        public double SequentialRate => SequentialSteps / SequentialSeconds;

        public double ConcurrentRate => ConcurrentSteps / ConcurrentSeconds;
    }
}
