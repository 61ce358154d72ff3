using System.Diagnostics;
using System.Globalization;
using Harness.Client;
using Harness.Runtime.Hosting;
using Harness.Runtime.Tests.Infrastructure;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// Silo processes forming one cluster on PostgreSQL (membership, grain directory, grain storage and reminders) in a
/// schema of their own, with short failure-detection timings. Disposing kills the processes, then drops the schema.
/// </summary>
internal sealed class SiloProcessCluster : IDisposable
{
    /// <summary>Heartbeat period of the silos.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Missed heartbeats before a silo is declared dead: 2 s in all. With 1 s, a live silo process starved of CPU on a
    /// loaded 2-core machine (three silo processes, the test and PostgreSQL) was occasionally declared dead.
    /// </summary>
    public const int MissedHeartbeatsLimit = 8;

    /// <summary>How often each silo reads the membership table.</summary>
    public static readonly TimeSpan TableRefreshPeriod = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private readonly IReadOnlyDictionary<string, string> _extraSettings;
    private int _next;

    private SiloProcessCluster(IReadOnlyDictionary<string, string>? extraSettings)
    {
        _extraSettings = extraSettings ?? new Dictionary<string, string>();
    }

    /// <summary>Gets the time without a heartbeat after which a silo is declared dead.</summary>
    public static TimeSpan DetectionTimeout => HeartbeatPeriod * MissedHeartbeatsLimit;

    public PostgresTestSchema Schema { get; } = new();

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silo processes at once and waits until the table shows them all Active.</summary>
    public static async Task<SiloProcessCluster> StartAsync(int count, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var cluster = new SiloProcessCluster(extraSettings);
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => cluster.StartSiloCoreAsync()));
            cluster._silos.AddRange(started);
            await cluster.WaitForActiveAsync(count);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return cluster;
    }

    /// <summary>A client whose gateways are <paramref name="silos"/> (all silos when none are given); connected.</summary>
    public async Task<HarnessClusterClient> ConnectClientAsync(params SiloProcess[] silos)
    {
        var client = TestClients.Create([.. (silos.Length == 0 ? [.. _silos] : silos).Select(s => s.Gateway)]);
        await client.ConnectAsync();
        return client;
    }

    /// <summary>Reads a silo's status from the membership table (null when it has no row).</summary>
    public SiloStatus? ReadStatus(SiloProcess silo) =>
        Schema.Scalar(string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT status FROM harness_silos WHERE host = '127.0.0.1' AND port = {silo.Port} AND generation = {silo.Generation};")) is short status
            ? (SiloStatus)status
            : null;

    /// <summary>Waits until the membership table shows <paramref name="silo"/> with <paramref name="status"/>.</summary>
    public async Task WaitForStatusAsync(SiloProcess silo, SiloStatus status, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (ReadStatus(silo) != status)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Silo {silo} was not {status} in the membership table within {timeout.TotalSeconds:F0} s (it is {ReadStatus(silo)?.ToString() ?? "absent"}). Its output:{Environment.NewLine}{silo.Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Describes every silo's output, for assertion messages.</summary>
    public string Outputs() => string.Join(Environment.NewLine, _silos.Select(s => $"--- {s} ---{Environment.NewLine}{s.Output}"));

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        Schema.Dispose();
    }

    private async Task WaitForActiveAsync(int count)
    {
        var waited = Stopwatch.StartNew();
        while (Convert.ToInt64(Schema.Scalar($"SELECT count(*) FROM harness_silos WHERE status = {(int)SiloStatus.Active};"), CultureInfo.InvariantCulture) < count)
        {
            if (waited.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"The membership table did not show {count} active silos within {ReadyTimeout.TotalSeconds:F0} s.{Environment.NewLine}{Outputs()}");
            }

            await Task.Delay(20);
        }

        // Every silo has read the table since the last one became Active: placement anywhere sees all of them.
        await Task.Delay(TableRefreshPeriod * 3);
    }

    private Task<SiloProcess> StartSiloCoreAsync()
    {
        var name = "silo-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["Harness:Storage:Postgres:ConnectionString"] = Schema.ConnectionString,
            ["Harness:Cluster:HeartbeatPeriod"] = HeartbeatPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Harness:Cluster:MissedHeartbeatsLimit"] = MissedHeartbeatsLimit.ToString(CultureInfo.InvariantCulture),
            ["Harness:Cluster:TableRefreshPeriod"] = TableRefreshPeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Harness:Cluster:ConnectTimeout"] = "00:00:02",
            ["Harness:Silo:ShutdownTimeout"] = "00:00:15",
        };
        foreach (var (key, value) in _extraSettings)
        {
            settings[key] = value;
        }

        return SiloProcess.StartAsync(name, FreePort.Next(), settings, ReadyTimeout);
    }
}
