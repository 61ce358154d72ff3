using Harness.Runtime.Hosting;
using Harness.TestGrains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>An in-process silo hosting the test grains, started and stopped like a real host.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public TestProbe Probe => _host.Services.GetRequiredService<TestProbe>();

    public ISiloStatus Status => _host.Services.GetRequiredService<ISiloStatus>();

    /// <summary>Builds and starts a silo. Default: memory storage as "Default", memory reminders, memory streams "Default".</summary>
    public static async Task<TestSilo> StartAsync(
        Action<ISiloBuilder>? configure = null,
        TimeProvider? timeProvider = null,
        TestProbe? probe = null,
        IDictionary<string, string?>? settings = null,
        bool defaultProviders = true)
    {
        var host = Build(configure, timeProvider, probe, settings, defaultProviders, testPlacement: true);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host);
    }

    /// <summary>Builds a host without starting it (for start-up failure tests).</summary>
    public static IHost Build(
        Action<ISiloBuilder>? configure = null,
        TimeProvider? timeProvider = null,
        TestProbe? probe = null,
        IDictionary<string, string?>? settings = null,
        bool defaultProviders = true,
        bool testPlacement = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(probe ?? new TestProbe());
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.AddHarnessSilo(silo =>
        {
            silo.AddGrainAssemblyOf<TestProbe>();
            if (defaultProviders)
            {
                silo.AddMemoryGrainStorage().UseInMemoryReminders().AddMemoryStreams("Default");
            }

            if (testPlacement)
            {
                silo.AddPlacementDirector<DeviceAwarePlacement, Placement.RecordingPlacementDirector>();
            }

            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    public Task StopAsync() => _host.StopAsync();

    /// <summary>Gets this silo's current reading of the membership table (null without clustering).</summary>
    internal Harness.Runtime.Membership.ClusterView? ClusterView => _host.Services.GetRequiredService<SiloRuntime>().Cluster?.Membership.View;

    /// <summary>Stops the silo as a crash would: no deactivation, no state written, no leaving the membership table.</summary>
    public Task CrashAsync() => _host.Services.GetRequiredService<SiloLifecycle>().CrashAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
