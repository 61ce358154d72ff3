using System.Text.Json;

namespace Harness.Bench;

/// <summary>
/// Runs one benchmark scenario: human-readable lines first, then exactly one JSON object as the last line.
/// Usage: <c>dotnet run -c Release --project bench -- &lt;scenario&gt; [--quick]</c>.
/// </summary>
internal static class BenchRunner
{
    private static readonly Dictionary<string, Func<bool, Task<Dictionary<string, object>>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["local-call"] = LocalCallBenchmark.RunAsync,
        ["checkpoint"] = CheckpointBenchmark.RunAsync,
        ["checkpoint-pg"] = PostgresCheckpointBenchmark.RunAsync,
        ["remote-call"] = RemoteCallBenchmark.RunAsync,
        ["failover"] = FailoverBenchmark.RunAsync,
        ["placement"] = PlacementBenchmark.RunAsync,
        ["chain-steps"] = ChainStepsBenchmark.RunAsync,
        ["preemption"] = PreemptionBenchmark.RunAsync,
        ["cpu-inference"] = CpuInferenceBenchmark.RunAsync,
        ["ttft"] = TtftBenchmark.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 3 && args[0] == RemoteSiloProcess.Command)
        {
            // The other end of remote-call: this process is the silo (and the echo floor).
            return await RemoteSiloProcess.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        if (args.Length >= 1 && args[0] == ClusterSiloProcess.Command)
        {
            // A silo of failover's cluster.
            return await ClusterSiloProcess.RunAsync(args[1..]);
        }

        var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var quick = args.Contains("--quick");
        if (scenario is null || !Scenarios.TryGetValue(scenario, out var run))
        {
            Console.Error.WriteLine($"usage: harness-bench <{string.Join("|", Scenarios.Keys)}> [--quick]");
            return 2;
        }

        Console.WriteLine($"scenario: {scenario}{(quick ? " (quick)" : string.Empty)}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; {TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
        var results = await run(quick);
        results = new Dictionary<string, object>(results) { ["scenario"] = scenario, ["quick"] = quick, ["cores"] = Environment.ProcessorCount };
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }
}
