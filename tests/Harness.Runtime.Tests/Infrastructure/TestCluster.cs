using System.Globalization;
using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>
/// Several silos in this process forming one cluster, like Orleans' TestCluster: they share an in-memory
/// membership table, grain directory, grain storage and reminder table, and call each other over TCP on
/// loopback. Silos can be added, stopped gracefully or crashed.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private readonly Action<ISiloBuilder>? _configure;
    private readonly IDictionary<string, string?> _settings;
    private int _nextSilo;

    private TestCluster(Action<ISiloBuilder>? configure, IDictionary<string, string?>? settings)
    {
        _configure = configure;
        _settings = new Dictionary<string, string?>
        {
            ["Harness:Cluster:HeartbeatPeriod"] = "00:00:00.250",
            ["Harness:Cluster:MissedHeartbeatsLimit"] = "6",
            ["Harness:Cluster:TableRefreshPeriod"] = "00:00:00.100",
            ["Harness:Cluster:ConnectTimeout"] = "00:00:02",
            ["Harness:Messaging:ResponseTimeout"] = "00:00:10",
            ["Harness:Silo:ShutdownTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public InMemoryMembershipTable Membership { get; } = new();

    public InMemoryGrainDirectory Directory { get; } = new();

    public MemoryGrainStorage Storage { get; } = new(new GrainStateSerializer());

    public InMemoryReminderTable Reminders { get; } = new();

    public TestProbe Probe { get; } = new();

    /// <summary>Gets the silos started so far (stopped or crashed ones included).</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    public static async Task<TestCluster> StartAsync(int silos, Action<ISiloBuilder>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var cluster = new TestCluster(configure, settings);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync();
            }

            await cluster.WaitForActiveSilosAsync(silos);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public IGrainFactory GrainFactory(int silo) => _silos[silo].GrainFactory;

    /// <summary>Starts one more silo that joins the cluster.</summary>
    public async Task<TestSilo> StartSiloAsync()
    {
        var index = _nextSilo++;
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["Harness:Silo:SiloName"] = "silo-" + index.ToString(CultureInfo.InvariantCulture),
            ["Harness:Silo:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Harness:Silo:AdvertisedHost"] = "127.0.0.1",
        };
        var silo = await TestSilo.StartAsync(
            builder =>
            {
                builder.UseInMemoryClustering(Membership, Directory);
                builder.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, Storage);
                builder.RecordStorageProvider(GrainStorageNames.Default, "memory");
                builder.Services.Replace(ServiceDescriptor.Singleton<IReminderTable>(Reminders));
                builder.AddMemoryStreams("Default");
                _configure?.Invoke(builder);
            },
            probe: Probe,
            settings: settings,
            defaultProviders: false);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Waits until every silo's view shows <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var live = _silos.Where(s => s.Status.Status == SiloStatus.Active).ToArray();
            if (live.All(s => s.ClusterView?.ActiveSilos.Count == count))
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"The cluster did not reach {count} active silos in 20 s.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}
