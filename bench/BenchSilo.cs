using Harness.Runtime;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Bench;

/// <summary>An in-process silo hosting the benchmark grains.</summary>
internal sealed class BenchSilo(IHost host) : IAsyncDisposable
{
    public IGrainFactory GrainFactory => host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => host.Services;

    public static async Task<BenchSilo> StartAsync(Action<ISiloBuilder> configure, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHarnessSilo(silo =>
        {
            silo.AddGrainAssemblyOf<PingGrain>();
            configure(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
