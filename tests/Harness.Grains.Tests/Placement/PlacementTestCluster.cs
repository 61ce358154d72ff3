using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Harness.GrainInterfaces.Devices;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Tests.Placement;

/// <summary>
/// Silos in this process forming one cluster through the runtime's public hosting API: a shared in-memory
/// membership table and grain directory, TCP on loopback between silos, each silo with one declared <c>gpu0</c>
/// of the given size (no NVML), the product grains and this assembly's test grains.
/// </summary>
public sealed class PlacementTestCluster : IAsyncDisposable
{
    public const string DeviceId = "gpu0";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly List<IHost> _hosts = [];

    private PlacementTestCluster()
    {
    }

    public InMemoryMembershipTable Membership { get; } = new();

    public InMemoryGrainDirectory Directory { get; } = new();

    /// <summary>Gets what the test grains of every silo record.</summary>
    public VramRecorder Recorder { get; } = new();

    public IReadOnlyList<SiloAddress> Addresses => [.. _hosts.Select(h => h.Services.GetRequiredService<ISiloStatus>().Address)];

    public static async Task<PlacementTestCluster> StartAsync(params long[] vramMb)
    {
        var cluster = new PlacementTestCluster();
        try
        {
            for (var i = 0; i < vramMb.Length; i++)
            {
                await cluster.StartSiloAsync(i, vramMb[i]);
            }

            await cluster.WaitUntilEverySiloReachesEveryDeviceAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public IGrainFactory GrainFactory(int silo) => _hosts[silo].Services.GetRequiredService<IGrainFactory>();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartSiloAsync(int index, long vramMb)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harness:Cluster:HeartbeatPeriod"] = "00:00:00.250",
            ["Harness:Cluster:MissedHeartbeatsLimit"] = "6",
            ["Harness:Cluster:TableRefreshPeriod"] = "00:00:00.100",
            ["Harness:Cluster:ConnectTimeout"] = "00:00:02",
            ["Harness:Messaging:ResponseTimeout"] = "00:00:30",
            ["Harness:Silo:ShutdownTimeout"] = "00:00:10",
            ["Harness:Silo:SiloName"] = "silo-" + index.ToString(CultureInfo.InvariantCulture),
            ["Harness:Silo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Harness:Silo:AdvertisedHost"] = "127.0.0.1",
            ["Harness:Devices:UseNvml"] = "false",
            ["Harness:Devices:CpuMemoryMb"] = "1024",
            ["Harness:Devices:Declared:0:Id"] = DeviceId,
            ["Harness:Devices:Declared:0:Kind"] = "gpu",
            ["Harness:Devices:Declared:0:VramMb"] = vramMb.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(Recorder);
        builder.AddHarnessSilo(silo =>
        {
            silo.AddHarnessGrains();
            silo.AddGrainAssemblyOf<PlacementTestCluster>();
            silo.AddMemoryGrainStorage();
            silo.UseInMemoryClustering(Membership, Directory);
        });
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
    }

    /// <summary>
    /// The cluster is ready when every silo can reach every silo's device grain: each has then seen all the others
    /// active in its membership view (silo-bound placement refuses a silo it does not see).
    /// </summary>
    private async Task WaitUntilEverySiloReachesEveryDeviceAsync()
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        var addresses = Addresses;
        for (var from = 0; from < _hosts.Count; from++)
        {
            foreach (var owner in addresses)
            {
                var device = GrainFactory(from).GetGrain<IDeviceGrain>(DeviceGrainKeys.For(owner, DeviceId));
                while (true)
                {
                    try
                    {
                        await device.GetStatus();
                        break;
                    }
                    catch (PlacementException) when (!timeout.IsCancellationRequested)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
                    }
                }
            }
        }
    }
}
