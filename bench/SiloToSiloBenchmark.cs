using System.Diagnostics;
using System.Globalization;
using Harness.Runtime;
using Harness.Runtime.Configuration;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Harness.Bench;

/// <summary>
/// The silo-to-silo part of remote-call: two silo processes on loopback clustered on PostgreSQL membership (this
/// process hosts one in-process silo, a <see cref="ClusterSiloProcess"/> child the other). Grains whose activation
/// lands on the child (asked with <see cref="IPingGrain.Silo"/>) are called from the in-process silo's
/// <see cref="IGrainFactory"/>: sequential latency and calls/s with <see cref="RemoteCallBenchmark.InFlight"/> in
/// flight, the same counts as the client part. Every measured grain is checked to be on the child, before and after.
/// </summary>
internal static class SiloToSiloBenchmark
{
    private const int Grains = 100;
    private const int MaxKeysTried = 10_000;
    private const int SearchBatch = 16;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Faster than the 1 s default: joining waits for two table reads, and a graceful stop for two more.
    private static readonly TimeSpan TableRefreshPeriod = TimeSpan.FromMilliseconds(200);

    public static async Task<Dictionary<string, object>> RunAsync(string connectionString, bool quick, double echoPerSecond)
    {
        // A small pool per silo: two silos deactivating 100 grains each at once must not exceed the server's connections.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 16 }.ConnectionString;
        var cluster = new ClusterOptions { TableRefreshPeriod = TableRefreshPeriod };
        var settings = new Dictionary<string, string>
        {
            ["Harness:Storage:Postgres:ConnectionString"] = connectionString,
            [$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.TableRefreshPeriod)}"] = TableRefreshPeriod.ToString("c", CultureInfo.InvariantCulture),
        };
        var child = ClusterSiloChild.Start(RemoteCallBenchmark.FreePort(), settings);
        BenchSilo? silo = null;
        try
        {
            await child.WaitReadyAsync(StartTimeout);
            silo = await BenchSilo.StartAsync(
                s => s.UsePostgresClustering().AddPostgresGrainStorage(),
                new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
                {
                    ["Harness:Silo:SiloPort"] = RemoteCallBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
                    ["Harness:Silo:AdvertisedHost"] = "127.0.0.1",
                });
            return await MeasureAsync(silo, child, connectionString, cluster, quick, echoPerSecond);
        }
        finally
        {
            // Both leave the cluster at once (each waits for two table reads after deactivating its grains).
            await Task.WhenAll(Task.Run(child.Dispose), silo?.DisposeAsync().AsTask() ?? Task.CompletedTask);
        }
    }

    private static async Task<Dictionary<string, object>> MeasureAsync(BenchSilo silo, ClusterSiloChild child, string connectionString, ClusterOptions cluster, bool quick, double echoPerSecond)
    {
        var iterations = RemoteCallBenchmark.Iterations(quick);
        var duration = RemoteCallBenchmark.Duration(quick);
        var local = silo.Services.GetRequiredService<ISiloStatus>().Address.ToString();
        if (local == child.Address)
        {
            throw new InvalidOperationException($"The in-process silo and the child silo have the same address ({local}).");
        }

        await FailoverBenchmark.WaitForActiveAsync(connectionString, 2, cluster);

        // Random placement: activate keys, a few at a time (each activation is a round trip to PostgreSQL; the server
        // has only so many connections), until enough of them live on the child; those that landed here are not used.
        var factory = silo.GrainFactory;
        var remote = new List<IPingGrain>(Grains + 1);
        var tried = 0;
        while (remote.Count < Grains + 1)
        {
            if (tried >= MaxKeysTried)
            {
                throw new InvalidOperationException(
                    $"Only {remote.Count} of {tried} grains activated from the in-process silo ({local}) landed on the child silo ({child.Address}): is the child in the cluster?");
            }

            var batch = Enumerable.Range(tried + 1, SearchBatch).Select(key => factory.GetGrain<IPingGrain>(key)).ToArray();
            tried += batch.Length;
            var silos = await Task.WhenAll(batch.Select(g => g.Silo().AsTask()));
            remote.AddRange(batch.Where((_, i) => silos[i] == child.Address).Take(Grains + 1 - remote.Count));
        }

        await VerifyRemoteAsync(remote, child.Address, local);
        var sequential = remote[0];
        var grains = remote.Skip(1).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            await sequential.Ping(i);
        }

        var samples = new long[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await sequential.Ping(i);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        var callsPerSecond = await RemoteCallBenchmark.MeasureInFlightAsync(duration, i => grains[i % grains.Length].Ping(i));
        await VerifyRemoteAsync(remote, child.Address, local);

        var median = Stats.Percentile(samples, 50);
        var p99 = Stats.Percentile(samples, 99);
        Console.WriteLine(
            $"silo-to-silo: 2 silo processes clustered on PostgreSQL; caller silo {local} (this process), grains on silo {child.Address} (child process): " +
            $"{remote.Count} of {tried} keys tried, all {remote.Count} measured grains checked remote before and after");
        Console.WriteLine($"silo-to-silo grain call, sequential: median {median:F1} us, p99 {p99:F1} us");
        Console.WriteLine($"silo-to-silo grain calls, {RemoteCallBenchmark.InFlight} in flight: {callsPerSecond:N0} calls/s ({callsPerSecond / echoPerSecond:P0} of the echo floor)");
        return new Dictionary<string, object>
        {
            ["silo_seq_median_us"] = Stats.Round(median),
            ["silo_seq_p99_us"] = Stats.Round(p99),
            ["silo_calls_per_s"] = Math.Round(callsPerSecond),
            ["silo_throughput_ratio"] = Stats.Round(callsPerSecond / echoPerSecond),
        };
    }

    private static async Task VerifyRemoteAsync(List<IPingGrain> grains, string remote, string local)
    {
        foreach (var grain in grains)
        {
            var at = await grain.Silo();
            if (at != remote || at == local)
            {
                throw new InvalidOperationException($"Grain {grain} is on {at}, not on the child silo {remote}: the silo-to-silo measurement would not be remote.");
            }
        }
    }
}
