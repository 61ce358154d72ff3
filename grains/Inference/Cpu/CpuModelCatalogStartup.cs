using Microsoft.Extensions.Hosting;

namespace Harness.Grains.Inference.Cpu;

/// <summary>Reads the CPU backend's model catalog at start (generating missing demo models), so a bad model folder stops the start with its reason.</summary>
internal sealed class CpuModelCatalogStartup(CpuModelHost host) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        host.Prepare();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
