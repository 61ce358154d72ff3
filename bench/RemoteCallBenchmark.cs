using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Harness.Bench;

/// <summary>
/// Grain calls across processes on loopback: a client in this process calls a silo in a child process over
/// the silo port. The floor, measured in the same run against the same child: a raw TCP echo of frames of the
/// same sizes (no serialization, no dispatch, no grain), sequential and with 1000 requests in flight.
/// When <c>HARNESS_BENCH_POSTGRES</c> names a PostgreSQL server, the same run then measures silo to silo
/// (<see cref="SiloToSiloBenchmark"/>) against the same echo floor.
/// </summary>
internal static class RemoteCallBenchmark
{
    public const int InFlight = 1000;

    public static async Task<Dictionary<string, object>> RunAsync(bool quick)
    {
        var results = await MeasureClientAsync(quick);
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(BenchPostgres.ConnectionStringVariable)))
        {
            Console.WriteLine(
                $"silo-to-silo: skipped: {BenchPostgres.ConnectionStringVariable} is not set (silos of different processes form a cluster " +
                "through PostgreSQL membership; set it to an Npgsql connection string to measure silo-to-silo calls too)");
            return results;
        }

        var echoPerSecond = Convert.ToDouble(results["echo_calls_per_s"], System.Globalization.CultureInfo.InvariantCulture);
        var silo = await BenchPostgres.InFreshSchemaAsync("remote-call (silo to silo)", connectionString => SiloToSiloBenchmark.RunAsync(connectionString, quick, echoPerSecond));
        foreach (var (key, value) in silo)
        {
            results[key] = value;
        }

        return results;
    }

    /// <summary>Gets the number of sequential calls measured (after 20 000 warm-up calls).</summary>
    public static int Iterations(bool quick) => quick ? 20_000 : 100_000;

    /// <summary>Gets how long the calls with <see cref="InFlight"/> in flight are measured.</summary>
    public static TimeSpan Duration(bool quick) => TimeSpan.FromSeconds(quick ? 3 : 10);

    private static async Task<Dictionary<string, object>> MeasureClientAsync(bool quick)
    {
        var (siloPort, echoPort) = (FreePort(), FreePort());
        using var child = StartChild(siloPort, echoPort);
        try
        {
            await WaitReadyAsync(child);
            var iterations = Iterations(quick);
            var duration = Duration(quick);

            await using var client = new HarnessClusterClient(
                Options.Create(new ClusterClientOptions { Gateways = [$"127.0.0.1:{siloPort}"] }),
                TimeProvider.System,
                NullLoggerFactory.Instance,
                new ServiceCollection().BuildServiceProvider());
            await client.ConnectAsync();
            var grain = client.GetGrain<IPingGrain>(1);
            for (var i = 0; i < 20_000; i++)
            {
                await grain.Ping(i);
            }

            var samples = new long[iterations];
            for (var i = 0; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await grain.Ping(i);
                samples[i] = Stopwatch.GetTimestamp() - start;
            }

            var grains = Enumerable.Range(0, 100).Select(i => client.GetGrain<IPingGrain>(i)).ToArray();
            var callsPerSecond = await MeasureInFlightAsync(duration, i => grains[i % grains.Length].Ping(i));

            using var echo = new TcpClient { NoDelay = true };
            await echo.ConnectAsync(IPAddress.Loopback, echoPort);
            var stream = echo.GetStream();
            var echoSamples = await MeasureEchoSequentialAsync(stream, iterations);
            var echoPerSecond = await MeasureEchoInFlightAsync(stream, duration);

            var seqMedian = Stats.Percentile(samples, 50);
            var echoMedian = Stats.Percentile(echoSamples, 50);
            Console.WriteLine($"remote grain call, sequential: median {seqMedian:F1} us, p99 {Stats.Percentile(samples, 99):F1} us");
            Console.WriteLine($"raw TCP echo (floor), sequential: median {echoMedian:F1} us, p99 {Stats.Percentile(echoSamples, 99):F1} us");
            Console.WriteLine($"remote grain calls, {InFlight} in flight: {callsPerSecond:N0} calls/s");
            Console.WriteLine($"raw TCP echo (floor), {InFlight} in flight: {echoPerSecond:N0} round trips/s ({callsPerSecond / echoPerSecond:P0} of the floor)");
            Console.WriteLine($"targets: sequential median <= 150 us -> {(seqMedian <= 150 ? "met" : "MISSED")}; throughput >= 50% of the echo floor -> {(callsPerSecond >= echoPerSecond / 2 ? "met" : "MISSED")}");
            return new Dictionary<string, object>
            {
                ["seq_median_us"] = Stats.Round(seqMedian),
                ["seq_p99_us"] = Stats.Round(Stats.Percentile(samples, 99)),
                ["calls_per_s"] = Math.Round(callsPerSecond),
                ["echo_seq_median_us"] = Stats.Round(echoMedian),
                ["echo_calls_per_s"] = Math.Round(echoPerSecond),
                ["throughput_ratio"] = Stats.Round(callsPerSecond / echoPerSecond),
                ["in_flight"] = InFlight,
                ["transport"] = "client to gateway silo (two processes, loopback)",
            };
        }
        finally
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Calls with <see cref="InFlight"/> callers, each awaiting its call before the next, for <paramref name="duration"/>; returns calls/s.</summary>
    public static async Task<double> MeasureInFlightAsync(TimeSpan duration, Func<int, ValueTask<int>> call)
    {
        using var stop = new CancellationTokenSource();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, InFlight).Select(async i =>
        {
            await start.Task;
            long calls = 0;
            while (!stop.IsCancellationRequested)
            {
                await call(i);
                calls++;
            }

            return calls;
        }).ToArray();
        var began = Stopwatch.GetTimestamp();
        start.SetResult();
        stop.CancelAfter(duration);
        var counts = await Task.WhenAll(callers);
        return counts.Sum() / Stopwatch.GetElapsedTime(began).TotalSeconds;
    }

    private static async Task<long[]> MeasureEchoSequentialAsync(NetworkStream stream, int iterations)
    {
        var request = new byte[EchoServer.RequestBytes];
        var response = new byte[EchoServer.ResponseBytes];
        for (var i = 0; i < 20_000; i++)
        {
            await RoundTripAsync(stream, request, response);
        }

        var samples = new long[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await RoundTripAsync(stream, request, response);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        return samples;
    }

    private static async Task RoundTripAsync(NetworkStream stream, byte[] request, byte[] response)
    {
        await stream.WriteAsync(request);
        await stream.ReadExactlyAsync(response);
    }

    /// <summary>Keeps <see cref="InFlight"/> requests outstanding on one connection, writing as credits return.</summary>
    private static async Task<double> MeasureEchoInFlightAsync(NetworkStream stream, TimeSpan duration)
    {
        using var credits = new SemaphoreSlim(InFlight, InFlight);
        using var stop = new CancellationTokenSource();
        var outstanding = 0L;
        var writer = Task.Run(async () =>
        {
            var batch = new byte[256 * EchoServer.RequestBytes];
            while (!stop.IsCancellationRequested)
            {
                await credits.WaitAsync();
                var count = 1;
                while (count < 256 && credits.Wait(0))
                {
                    count++;
                }

                Interlocked.Add(ref outstanding, count);
                await stream.WriteAsync(batch.AsMemory(0, count * EchoServer.RequestBytes));
            }
        });

        var buffer = new byte[64 * 1024];
        long answered = 0;
        var carried = 0;
        var began = Stopwatch.GetTimestamp();
        stop.CancelAfter(duration);
        while (!stop.IsCancellationRequested || Interlocked.Read(ref outstanding) > answered)
        {
            var read = await stream.ReadAsync(buffer);
            var total = carried + read;
            var responses = total / EchoServer.ResponseBytes;
            carried = total % EchoServer.ResponseBytes;
            answered += responses;
            if (responses > 0 && !stop.IsCancellationRequested)
            {
                credits.Release(responses);
            }

            if (stop.IsCancellationRequested && writer.IsCompleted && Interlocked.Read(ref outstanding) <= answered)
            {
                break;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(began);
        credits.Release(Math.Min(InFlight - credits.CurrentCount, InFlight));
        await writer;
        return answered / elapsed.TotalSeconds;
    }

    private static Process StartChild(int siloPort, int echoPort)
    {
        var path = Environment.ProcessPath!;
        var arguments = $"{RemoteSiloProcess.Command} {siloPort} {echoPort}";
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            arguments = $"\"{typeof(RemoteCallBenchmark).Assembly.Location}\" {arguments}";
        }

        var start = new ProcessStartInfo(path, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
    }

    private static async Task WaitReadyAsync(Process child)
    {
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line != "ready")
        {
            throw new InvalidOperationException($"The silo process did not start (it printed '{line}').");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
