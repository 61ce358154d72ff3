using Microsoft.Extensions.Hosting;

namespace Harness.Client;

/// <summary>Connects the client when the host starts, so a host with no reachable gateway fails at start with the reason.</summary>
internal sealed class ClusterClientConnector(HarnessClusterClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => client.ConnectAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => client.DisposeAsync().AsTask();
}
