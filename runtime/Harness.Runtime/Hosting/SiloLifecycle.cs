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
/// placement, prepare storage, open the silo port, join the cluster (Joining), load reminders, become Active,
/// begin idle collection. Stop (SIGTERM included): stop reminders, mark the silo ShuttingDown, stop new
/// activations and deactivate every grain (so each checkpoints in OnDeactivateAsync), let shutdown participants
/// hand their work over, leave the membership table; bounded by
/// <see cref="Configuration.SiloOptions.ShutdownTimeout"/>. A silo the cluster declares dead stops serving at once.
/// </summary>
internal sealed class SiloLifecycle(IServiceProvider services) : IHostedService, ISiloStatus, IAsyncDisposable
{
    private SiloRuntime? _runtime;
    private ConnectionListener? _listener;
    private ITimer? _collector;
    private ISiloShutdownParticipant[] _shutdownParticipants = [];
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

            // Resolved now: on stop the host may already be disposing its services.
            _shutdownParticipants = [.. services.GetServices<ISiloShutdownParticipant>()];
            foreach (var storage in services.GetServices<IStorageStartup>())
            {
                await storage.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Runtime.SiloOptions.SiloPort != 0)
            {
                var endpoint = new IPEndPoint(IPAddress.Parse(Runtime.SiloOptions.ListenAddress), Runtime.SiloOptions.SiloPort);
                _listener = new ConnectionListener(endpoint, new InboundRequestHandler(Runtime), Runtime.LocalSilo.ToString(), services.GetRequiredService<ILoggerFactory>());
                _listener.Start();
            }

            // Joining: reachable (the port is open) but not yet chosen by placement elsewhere.
            if (Runtime.Cluster is { } cluster)
            {
                cluster.Membership.Fenced += OnFenced;
                await cluster.Membership.JoinAsync(cancellationToken).ConfigureAwait(false);
            }

            await services.GetRequiredService<ReminderService>().StartAsync(cancellationToken).ConfigureAwait(false);
            if (Runtime.Cluster is { } joined)
            {
                await joined.Membership.BecomeActiveAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            _status = SiloStatus.Dead;
            StartupFailure = exception.Message;
            await CloseAsync().ConfigureAwait(false);
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
        using var timeout = new CancellationTokenSource(runtime.SiloOptions.ShutdownTimeout, runtime.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        // Each step runs even if the one before failed (a database outage must not cost the grains their
        // checkpoints); a cluster that is not told learns of the departure by failure detection.
        if (runtime.Cluster is { } cluster)
        {
            // Other silos stop placing new activations here; calls to grains still here keep being served.
            await RunStepAsync(() => cluster.Membership.BeginLeavingAsync(linked.Token), "marking it ShuttingDown").ConfigureAwait(false);
        }

        try
        {
            await runtime.Catalog.DeactivateAllAsync().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            runtime.Log.ShutdownTimedOut(runtime.LocalSilo.ToString(), runtime.SiloOptions.ShutdownTimeout, runtime.Catalog.Count);
            runtime.Catalog.AbandonAll();
        }

        foreach (var participant in _shutdownParticipants)
        {
            await RunStepAsync(() => participant.OnShutdownAsync(linked.Token), participant.GetType().Name).ConfigureAwait(false);
        }

        if (runtime.Cluster is { } leaving)
        {
            await RunStepAsync(() => leaving.WaitForForwardedCallsAsync(linked.Token), "waiting for calls passed on to other silos").ConfigureAwait(false);
            await RunStepAsync(() => leaving.Membership.LeaveAsync(linked.Token), "leaving the membership table").ConfigureAwait(false);

            // Silos that have not read the table since still send calls here for a moment: the port stays open
            // until they have, and this silo passes those calls on.
            await RunStepAsync(
                async () =>
                {
                    await Task.Delay(leaving.Membership.Options.TableRefreshPeriod * 2, runtime.TimeProvider, linked.Token).ConfigureAwait(false);
                    await leaving.WaitForForwardedCallsAsync(linked.Token).ConfigureAwait(false);
                },
                "passing on the last calls").ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
        _status = SiloStatus.Dead;
        runtime.Dispose();
        runtime.Log.SiloStopped(runtime.LocalSilo.ToString());
    }

    private async Task RunStepAsync(Func<Task> step, string what)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Runtime.Log.ShutdownStepFailed(Runtime.LocalSilo.ToString(), what, exception);
        }
    }

    /// <summary>
    /// Stops the silo as a crash would, for fault tests of in-process clusters: no deactivation, no state
    /// written, no goodbye to the membership table; the port closes and heartbeats stop.
    /// </summary>
    internal async Task CrashAsync()
    {
        _status = SiloStatus.Dead;
        _collector?.Dispose();
        services.GetRequiredService<ReminderService>().Dispose();
        if (_runtime?.Cluster is { } cluster)
        {
            await cluster.Membership.DisposeAsync().ConfigureAwait(false);
        }

        await CloseAsync().ConfigureAwait(false);
        Runtime.Catalog.AbandonAll();
    }

    /// <summary>Closes the silo port (after the grains were deactivated on stop, so their remote callers got answers).</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task CloseAsync()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_runtime?.Cluster is { } cluster)
        {
            await cluster.Membership.DisposeAsync().ConfigureAwait(false);
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The cluster declared this silo dead: it must not serve or write any more (the others took over its grains).</summary>
    private void OnFenced()
    {
        if (_status is SiloStatus.Dead or SiloStatus.Created)
        {
            return;
        }

        _status = SiloStatus.Dead;
        StartupFailure ??= "Declared dead by the cluster (missed heartbeats); restart the process to rejoin as a new silo.";
        _ = Task.Run(async () =>
        {
            await CloseAsync().ConfigureAwait(false);
            Runtime.Catalog.AbandonAll();
            services.GetService<IHostApplicationLifetime>()?.StopApplication();
        });
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

        if (Runtime.Cluster is not null && Runtime.SiloOptions.SiloPort == 0)
        {
            problems.Add("Harness:Silo:SiloPort must be set for a cluster member: other silos reach its grains through it.");
        }

        if (problems.Count > 0)
        {
            throw new SiloStartupException("The silo cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }
}
