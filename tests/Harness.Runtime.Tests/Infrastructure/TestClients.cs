using Harness.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>Cluster clients for tests that call a <see cref="TestSilo"/> over its silo port.</summary>
public static class TestClients
{
    public static HarnessClusterClient Create(string[] gateways, TimeProvider? time = null, string clientName = "client") =>
        new(
            Options.Create(new ClusterClientOptions { Gateways = gateways, ConnectTimeout = TimeSpan.FromSeconds(2), ClientName = clientName }),
            time ?? TimeProvider.System,
            NullLoggerFactory.Instance,
            new ServiceCollection().BuildServiceProvider());

    public static async Task<HarnessClusterClient> ConnectAsync(int port, TimeProvider? time = null, string[]? gateways = null, string clientName = "client")
    {
        var client = Create(gateways ?? [$"127.0.0.1:{port}"], time, clientName);
        await client.ConnectAsync();
        return client;
    }

    public static Task<TestSilo> StartSiloAsync(int port) =>
        TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Harness:Silo:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
