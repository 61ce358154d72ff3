using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Tests.Agents;

/// <summary>An in-process silo hosting the product's grains, on memory storage (optionally one shared across silos).</summary>
public sealed class GrainsTestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainsTestSilo(IHost host)
    {
        _host = host;
    }

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Gets the silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Gets the silo's "Default" grain storage, to hand to a later silo.</summary>
    public IGrainStorage Storage => _host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

    /// <summary>
    /// Starts a silo; with <paramref name="storage"/>, its "Default" storage is that instance (state survives the silo);
    /// <paramref name="configuration"/> adds settings (e.g. <c>Harness:Devices</c>); <paramref name="configure"/> adds
    /// services (e.g. test tools).
    /// </summary>
    public static async Task<GrainsTestSilo> StartAsync(
        IGrainStorage? storage = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHarnessSilo(silo =>
        {
            silo.AddHarnessGrains().AddMemoryStreams("Default").UseInMemoryReminders();
            configure?.Invoke(silo);
            if (storage is null)
            {
                silo.AddMemoryGrainStorage();
            }
            else
            {
                silo.Services.AddKeyedSingleton(GrainStorageNames.Default, storage);
                silo.RecordStorageProvider(GrainStorageNames.Default, "memory");
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new GrainsTestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
