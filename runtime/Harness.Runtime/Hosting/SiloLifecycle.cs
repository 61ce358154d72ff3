using System.Net;
using Harness.Runtime.Placement;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Harness.Runtime.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo with the host. Start: validate grain classes against configured storage and
/// placement, prepare storage, load reminders, begin idle collection. Stop (SIGTERM included): stop
/// reminders and new activations, deactivate every grain (so each checkpoints in OnDeactivateAsync),
/// bounded by <see cref="Configuration.SiloOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class SiloLifecycle(IServiceProvider services) : IHostedService, ISiloStatus, IAsyncDisposable
{
    private SiloRuntime? _runtime;
    private ConnectionListener? _listener;
    private ITimer? _collector;
    private volatile SiloStatus _status = SiloStatus.Created;

    public SiloStatus Status => _status;

    public SiloAddress Address => Runtime.LocalSilo;

    public string SiloName => Runtime.SiloOptions.SiloName;

    public int ActivationCount => _runtime?.Catalog.Count ?? 0;

    public string? StartupFailure { get; private set; }

    private SiloRuntime Runtime => _runtime ??= services.GetRequiredService<SiloRuntime>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _status = SiloStatus.Joining;
        try
        {
            Validate();
            foreach (var storage in services.GetServices<IStorageStartup>())
            {
                await storage.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            await services.GetRequiredService<ReminderService>().StartAsync(cancellationToken).ConfigureAwait(false);
            if (Runtime.SiloOptions.SiloPort != 0)
            {
                var endpoint = new IPEndPoint(IPAddress.Parse(Runtime.SiloOptions.ListenAddress), Runtime.SiloOptions.SiloPort);
                _listener = new ConnectionListener(endpoint, new InboundRequestHandler(Runtime), Runtime.LocalSilo.ToString(), services.GetRequiredService<ILoggerFactory>());
                _listener.Start();
            }
        }
        catch (Exception exception)
        {
            _status = SiloStatus.Dead;
            StartupFailure = exception.Message;
            throw;
        }

        var quantum = Runtime.CollectionOptions.CollectionQuantum;
        _collector = Runtime.TimeProvider.CreateTimer(static s => ((SiloLifecycle)s!).CollectIdle(), this, quantum, quantum);
        _status = SiloStatus.Active;
        Runtime.Log.SiloStarted(Runtime.LocalSilo.ToString(), Runtime.SiloOptions.SiloName, Runtime.GrainTypes.Classes.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_status is SiloStatus.Dead or SiloStatus.Created)
        {
            return;
        }

        _status = SiloStatus.ShuttingDown;
        var runtime = Runtime;
        _collector?.Dispose();
        services.GetRequiredService<ReminderService>().Dispose();
        runtime.Log.SiloStopping(runtime.LocalSilo.ToString(), runtime.Catalog.Count);
        try
        {
            await runtime.Catalog.DeactivateAllAsync()
                .WaitAsync(runtime.SiloOptions.ShutdownTimeout, runtime.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            runtime.Log.ShutdownTimedOut(runtime.LocalSilo.ToString(), runtime.SiloOptions.ShutdownTimeout, runtime.Catalog.Count);
            runtime.Catalog.AbandonAll();
        }

        await DisposeAsync().ConfigureAwait(false);
        _status = SiloStatus.Dead;
        runtime.Dispose();
        runtime.Log.SiloStopped(runtime.LocalSilo.ToString());
    }

    /// <summary>Closes the silo port (after the grains were deactivated on stop, so their remote callers got answers).</summary>
    public async ValueTask DisposeAsync()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void CollectIdle()
    {
        var collected = Runtime.Catalog.CollectIdle();
        if (collected > 0)
        {
            Runtime.Log.CollectedIdle(collected);
        }
    }

    /// <summary>Every grain class's storage and placement must be configured: fail at start, not on a first call.</summary>
    private void Validate()
    {
        var keyed = services.GetRequiredService<IServiceProviderIsKeyedService>();
        var registered = services.GetServices<StorageProviderRegistration>().Select(r => r.Name).ToArray();
        var problems = new List<string>();
        foreach (var grainClass in Runtime.GrainTypes.Classes)
        {
            foreach (var state in grainClass.PersistentStates)
            {
                var name = state.StorageName ?? GrainStorageNames.Default;
                if (!keyed.IsKeyedService(typeof(IGrainStorage), name))
                {
                    problems.Add(
                        $"Grain class {grainClass.GrainClass.FullName}, parameter '{state.ParameterName}': storage provider '{name}' is not registered (registered: {(registered.Length == 0 ? "none" : string.Join(", ", registered))}).");
                }
            }

            if (!keyed.IsKeyedService(typeof(IPlacementDirector), grainClass.Placement.GetType()))
            {
                problems.Add($"Grain class {grainClass.GrainClass.FullName}: no placement director for {grainClass.Placement.GetType().Name}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new SiloStartupException("The silo cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }
}
