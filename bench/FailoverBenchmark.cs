using System.Diagnostics;
using System.Globalization;
using Harness.Client;
using Harness.Runtime;
using Harness.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Harness.Bench;

/// <summary>
/// Failover of a grain whose silo process is killed (kill -9): three silo processes clustered on PostgreSQL
/// (membership table, grain directory, grain storage) with the default failure detection, a client in this process
/// writing a persisted counter grain again and again, one call at a time, retrying calls that fail because a silo is
/// unavailable. Each round kills the process hosting the grain and measures the time from the kill to the first
/// successful call sent after it (necessarily served by the grain's new activation on a survivor), and counts
/// acknowledged writes that the new activation's state does not contain (they must be 0). A replacement process
/// joins before the next round. The server is named by <c>HARNESS_BENCH_POSTGRES</c>; the run works in a schema of
/// its own, dropped at the end.
/// </summary>
internal static class FailoverBenchmark
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static Task<Dictionary<string, object>> RunAsync(bool quick) =>
        BenchPostgres.InFreshSchemaAsync("failover", connectionString => RunAsync(connectionString, quick));

    private static async Task<Dictionary<string, object>> RunAsync(string connectionString, bool quick)
    {
        var cluster = new ClusterOptions();
        var rounds = quick ? 2 : 5;
        var settings = new Dictionary<string, string> { ["Harness:Storage:Postgres:ConnectionString"] = connectionString };
        Console.WriteLine(
            $"3 silo processes, PostgreSQL clustering and storage; failure detection: heartbeat every {cluster.HeartbeatPeriod.TotalMilliseconds:F0} ms, " +
            $"dead after {cluster.MissedHeartbeatsLimit} missed = {cluster.DetectionTimeout.TotalMilliseconds:F0} ms, table read every {cluster.TableRefreshPeriod.TotalMilliseconds:F0} ms (the defaults)");

        var silos = new List<ClusterSiloChild>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(ClusterSiloChild.Start(FreePort(), settings));
            }

            await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(StartTimeout)));
            await WaitForActiveAsync(connectionString, 3, cluster);

            var recoveries = new List<double>();
            var lostWrites = 0;
            var unknownOutcomes = 0;
            for (var round = 1; round <= rounds; round++)
            {
                var result = await RunRoundAsync(round, silos, cluster);
                recoveries.Add(result.Recovery.TotalMilliseconds);
                lostWrites += result.LostWrites;
                unknownOutcomes += result.UnknownOutcomes;
                Console.WriteLine(
                    $"round {round}: grain on {result.Victim} killed after {result.AckedBefore} acknowledged writes; first successful call on its new activation " +
                    $"(on {result.NewSilo}) {result.Recovery.TotalMilliseconds:F0} ms after kill -9; {result.UnknownOutcomes} calls failed meanwhile; lost acknowledged writes: {result.LostWrites}");
                if (round < rounds)
                {
                    // A replacement joins, so every round starts from three live silos.
                    var replacement = ClusterSiloChild.Start(FreePort(), settings);
                    silos.Add(replacement);
                    await replacement.WaitReadyAsync(StartTimeout);
                    await WaitForActiveAsync(connectionString, 3, cluster);
                }
            }

            var sorted = recoveries.Order().ToArray();
            var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            var max = sorted[^1];
            var detection = cluster.DetectionTimeout.TotalMilliseconds;
            var target = detection + 1000;
            Console.WriteLine($"failover (kill -9 to first successful call on the new activation): median {median:F0} ms, max {max:F0} ms over {rounds} rounds; detection timeout {detection:F0} ms");
            Console.WriteLine($"lost acknowledged writes: {lostWrites}; calls with unknown outcome (failed, retried): {unknownOutcomes}");
            Console.WriteLine(
                $"targets: failover <= detection timeout + 1 s ({target:F0} ms) -> {(max <= target ? "met" : "MISSED")} (max); " +
                $"lost acknowledged writes = 0 -> {(lostWrites == 0 ? "met" : "MISSED")}");
            return new Dictionary<string, object>
            {
                ["recovery_ms"] = Math.Round(median),
                ["recovery_max_ms"] = Math.Round(max),
                ["recovery_ms_each"] = recoveries.Select(r => Math.Round(r)).ToArray(),
                ["detection_timeout_ms"] = Math.Round(detection),
                ["heartbeat_period_ms"] = Math.Round(cluster.HeartbeatPeriod.TotalMilliseconds),
                ["table_refresh_ms"] = Math.Round(cluster.TableRefreshPeriod.TotalMilliseconds),
                ["lost_writes"] = lostWrites,
                ["unknown_outcome_calls"] = unknownOutcomes,
                ["rounds"] = rounds,
                ["target_met"] = max <= target && lostWrites == 0,
                ["silos"] = 3,
            };
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private static async Task<RoundResult> RunRoundAsync(int round, List<ClusterSiloChild> silos, ClusterOptions cluster)
    {
        var live = silos.Where(s => !s.HasExited).ToArray();
        await using var client = new HarnessClusterClient(
            Options.Create(new ClusterClientOptions { Gateways = [.. live.Select(s => s.Gateway)], ConnectTimeout = TimeSpan.FromSeconds(2) }),
            TimeProvider.System,
            NullLoggerFactory.Instance,
            new ServiceCollection().BuildServiceProvider());
        await client.ConnectAsync();
        var grain = client.GetGrain<IFailoverGrain>(round);
        var home = await grain.Silo();
        var victim = live.SingleOrDefault(s => s.Address == home)
            ?? throw new InvalidOperationException($"The grain is on {home}, which is none of the live silo processes ({string.Join(", ", live.Select(s => s.Address))}).");

        var acks = new List<int>();
        var unknown = 0;
        long killedAt = 0;
        var recovered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var value = await grain.Write();
                    var answered = Stopwatch.GetTimestamp();
                    lock (acks)
                    {
                        acks.Add(value);
                    }

                    var kill = Interlocked.Read(ref killedAt);
                    if (kill != 0 && sent >= kill)
                    {
                        recovered.TrySetResult(answered);
                    }
                }
                catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
                {
                    // The outcome is unknown (the write may have happened): retry, as a caller would.
                    Interlocked.Increment(ref unknown);
                    await Task.Delay(RetryDelay, CancellationToken.None);
                }
            }
        });

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        int ackedBefore;
        lock (acks)
        {
            ackedBefore = acks.Count;
        }

        // The clock starts once SIGKILL is sent: no call sent after that can be answered by the killed process.
        victim.Kill();
        Interlocked.Exchange(ref killedAt, Stopwatch.GetTimestamp());
        var firstAnswer = await recovered.Task.WaitAsync(cluster.DetectionTimeout + TimeSpan.FromSeconds(60));
        var recovery = Stopwatch.GetElapsedTime(Interlocked.Read(ref killedAt), firstAnswer);

        // A few more writes on the new activation, then check what it holds.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();
        await writer;
        var newSilo = await grain.Silo();
        var final = await grain.Get();
        int[] acknowledged;
        lock (acks)
        {
            acknowledged = [.. acks];
        }

        // A lost acknowledged write shows as a value acknowledged twice (the counter went back and counted it again)
        // or as an acknowledged value above what the grain finally holds.
        var lost = (acknowledged.Length - acknowledged.Distinct().Count()) + acknowledged.Count(v => v > final);
        return new RoundResult(victim.Address, newSilo, ackedBefore, recovery, lost, Volatile.Read(ref unknown));
    }

    /// <summary>Waits until the membership table shows <paramref name="count"/> Active silos and every silo has read it since.</summary>
    internal static async Task WaitForActiveAsync(string connectionString, int count, ClusterOptions cluster)
    {
        var waited = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM harness_silos WHERE status = 2;", connection);
        while ((long)(await command.ExecuteScalarAsync())! < count)
        {
            if (waited.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The membership table did not show {count} active silos within {StartTimeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(50);
        }

        // Every silo has read the table since the last one became Active.
        await Task.Delay(cluster.TableRefreshPeriod * 2);
    }


    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
