using Harness.Runtime.Configuration;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Membership;

/// <summary>
/// This silo's part in membership: it joins the table, writes heartbeats carrying its capabilities, reads the
/// table to keep <see cref="View"/> current, and declares silos dead whose heartbeats stopped for longer than
/// <see cref="ClusterOptions.DetectionTimeout"/> (removing their directory entries, so their grains reactivate
/// elsewhere on the next call). Detection compares heartbeat ages measured by the table's clock, so silo clocks
/// need not agree. A silo judges others only after its own table operations have succeeded for a whole
/// detection timeout: after an outage of the table, every silo first gets the chance to beat again, so an outage
/// longer than the timeout does not make silos declare each other dead. A silo that finds itself declared dead is
/// fenced: it stops serving at once.
/// </summary>
internal sealed partial class ClusterMembershipService : IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly IMembershipTable _table;
    private readonly IGrainDirectory _directory;
    private readonly ClusterOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _heartbeats = Task.CompletedTask;
    private Task _refreshes = Task.CompletedTask;
    private volatile ClusterView _view = ClusterView.Empty;
    private long _healthySince;
    private int _fenced;

    public ClusterMembershipService(SiloRuntime runtime, IMembershipTable table, IGrainDirectory directory, ClusterOptions options, ILogger logger)
    {
        _runtime = runtime;
        _table = table;
        _directory = directory;
        _options = options;
        _logger = logger;
    }

    /// <summary>Raised (once) when the table says this silo is dead: it must stop serving.</summary>
    public event Action? Fenced;

    /// <summary>Raised with each newly dead silo after the view has changed.</summary>
    public event Action<SiloAddress>? SiloDied;

    /// <summary>Gets the most recent reading of the membership table.</summary>
    public ClusterView View => _view;

    public ClusterOptions Options => _options;

    private SiloAddress Local => _runtime.LocalSilo;

    /// <summary>Inserts this silo as Joining and starts heartbeats and table reads.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await _table.JoinAsync(Local, _runtime.SiloOptions.SiloName, _runtime.Placement.GetLocalCapabilities(), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _healthySince, _runtime.TimeProvider.GetTimestamp());
        await RefreshAsync(cancellationToken).ConfigureAwait(false);

        // Entries of silos that died while no silo could remove them (a declarer that crashed, a whole-cluster
        // restart) must not keep their grains on a silo that is gone.
        foreach (var entry in _view.Entries.Where(e => e.Status == SiloStatus.Dead))
        {
            await _directory.UnregisterSiloAsync(entry.Silo, cancellationToken).ConfigureAwait(false);
        }

        _heartbeats = HeartbeatLoopAsync();
        _refreshes = RefreshLoopAsync();
        LogJoined(Local.ToString(), _view.ActiveSilos.Count);
    }

    /// <summary>Marks this silo Active: others may now place activations here.</summary>
    public Task BecomeActiveAsync(CancellationToken cancellationToken) => SetStatusAsync(SiloStatus.Active, cancellationToken);

    /// <summary>Marks this silo ShuttingDown: others stop placing activations here, existing ones stay reachable.</summary>
    public Task BeginLeavingAsync(CancellationToken cancellationToken) => SetStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Stops heartbeats, marks this silo Dead (it has left) and removes any directory entries it still has.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _fenced) != 0)
        {
            return;
        }

        await _table.UpdateStatusAsync(Local, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        await _directory.UnregisterSiloAsync(Local, cancellationToken).ConfigureAwait(false);
        LogLeft(Local.ToString());
    }

    /// <summary>Stops heartbeats and table reads without telling anyone (a crash, as the others will see it).</summary>
    public ValueTask DisposeAsync() => new(StopLoopsAsync());

    /// <summary>Reads the table, declares silos dead whose heartbeats stopped, and publishes the new view.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var entries = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var declared = false;
        var mayJudge = _runtime.TimeProvider.GetElapsedTime(Volatile.Read(ref _healthySince)) >= _options.DetectionTimeout;
        foreach (var entry in entries)
        {
            if (mayJudge && entry.Silo != Local && entry.Status != SiloStatus.Dead && entry.HeartbeatAge > _options.DetectionTimeout
                && await _table.DeclareDeadAsync(entry.Silo, _options.DetectionTimeout, cancellationToken).ConfigureAwait(false))
            {
                declared = true;
                var removed = await _directory.UnregisterSiloAsync(entry.Silo, cancellationToken).ConfigureAwait(false);
                LogDeclaredDead(entry.Silo.ToString(), entry.SiloName, entry.HeartbeatAge, removed);
                _runtime.Metrics.SiloDeclaredDead();
            }
        }

        if (declared)
        {
            entries = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }

        var view = new ClusterView(entries);
        var previous = _view;
        _view = view;
        if (view.IsDead(Local))
        {
            OnFenced();
            return;
        }

        foreach (var silo in view.NewlyDead(previous))
        {
            // The declarer removed the entries already, unless it failed or crashed in between: idempotent.
            await _directory.UnregisterSiloAsync(silo, cancellationToken).ConfigureAwait(false);
            SiloDied?.Invoke(silo);
        }
    }

    private async Task SetStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        if (!await _table.UpdateStatusAsync(Local, status, cancellationToken).ConfigureAwait(false))
        {
            OnFenced();
            throw new SiloUnavailableException($"Silo {Local} has been declared dead by the cluster; it cannot become {status}.");
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatPeriod, _runtime.TimeProvider, token).ConfigureAwait(false);
                if (!await _table.HeartbeatAsync(Local, _runtime.Placement.GetLocalCapabilities(), token).ConfigureAwait(false))
                {
                    OnFenced();
                    return;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Unhealthy();
                LogHeartbeatFailed(Local.ToString(), exception);
            }
        }
    }

    private async Task RefreshLoopAsync()
    {
        // Rows of dead silos are kept for DeadSiloRetention: deleting them once a minute is plenty.
        var cleanupPeriod = TimeSpan.FromMinutes(1);
        var lastCleanup = _runtime.TimeProvider.GetTimestamp();
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.TableRefreshPeriod, _runtime.TimeProvider, token).ConfigureAwait(false);
                await RefreshAsync(token).ConfigureAwait(false);
                if (_runtime.TimeProvider.GetElapsedTime(lastCleanup) >= cleanupPeriod)
                {
                    lastCleanup = _runtime.TimeProvider.GetTimestamp();
                    await _table.CleanupDeadAsync(_options.DeadSiloRetention, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Unhealthy();
                LogRefreshFailed(Local.ToString(), exception);
            }
        }
    }

    /// <summary>The table could not be reached: judge nobody until a whole detection timeout of successful operations.</summary>
    private void Unhealthy() => Volatile.Write(ref _healthySince, _runtime.TimeProvider.GetTimestamp());

    private void OnFenced()
    {
        if (Interlocked.Exchange(ref _fenced, 1) != 0)
        {
            return;
        }

        LogFenced(Local.ToString());
        _stopping.Cancel();
        Fenced?.Invoke();
    }

    private async Task StopLoopsAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_heartbeats, _refreshes).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster ({ActiveCount} active silos)")]
    private partial void LogJoined(string silo, int activeCount);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "Silo {Silo} left the cluster")]
    private partial void LogLeft(string silo);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Declared silo {Silo} ({SiloName}) dead: no heartbeat for {HeartbeatAge}; {GrainCount} directory entries removed")]
    private partial void LogDeclaredDead(string silo, string siloName, TimeSpan heartbeatAge, int grainCount);

    [LoggerMessage(EventId = 133, Level = LogLevel.Warning, Message = "Silo {Silo} could not write its heartbeat to the membership table")]
    private partial void LogHeartbeatFailed(string silo, Exception exception);

    [LoggerMessage(EventId = 134, Level = LogLevel.Warning, Message = "Silo {Silo} could not read the membership table")]
    private partial void LogRefreshFailed(string silo, Exception exception);

    [LoggerMessage(EventId = 135, Level = LogLevel.Critical, Message = "Silo {Silo} has been declared dead by the cluster: it stops serving (its late writes are fenced)")]
    private partial void LogFenced(string silo);
}
