using Harness.Runtime.Configuration;
using Harness.Runtime.Messaging;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Reminders;

/// <summary>
/// Fires durable reminders. The table is the truth; this service keeps one timer per reminder for its next
/// due time, loads every reminder at silo start (so reminders outlive activations and silo restarts), and
/// delivers each tick as an <see cref="IRemindable.ReceiveReminder"/> grain call (activating the grain).
/// A tick missed while no silo ran is not replayed: the next one is the first due time after start.
/// </summary>
/// <remarks>
/// In a cluster every silo schedules every reminder (re-reading the table every
/// <see cref="ReminderOptions.RefreshPeriod"/>), and a tick fires on the silo that claims it in the table first,
/// so it fires once. The reminder's owner (rendezvous hash of the grain over the active silos) claims at the
/// due time; the others try only after the failure-detection timeout, so a tick still fires when its owner
/// died, and the usual case costs one claim.
/// </remarks>
internal sealed partial class ReminderService : IDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly IReminderTable? _table;
    private readonly ReminderOptions _options;
    private readonly ILogger<ReminderService> _logger;
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(40);

    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), ScheduledReminder> _scheduled = [];
    private ITimer? _refresh;
    private bool _stopped;

    public ReminderService(SiloRuntime runtime, IOptions<ReminderOptions> options, ILogger<ReminderService> logger, IReminderTable? table = null)
    {
        _runtime = runtime;
        _table = table;
        _options = options.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return;
        }

        var entries = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        ScheduleAll(entries);

        LogLoaded(entries.Count);
        if (_runtime.Cluster is not null)
        {
            _refresh = _runtime.TimeProvider.CreateTimer(static s => _ = ((ReminderService)s!).RefreshAsync(), this, _options.RefreshPeriod, _options.RefreshPeriod);
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        var table = RequireTable();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A reminder's due time must not be negative.");
        }

        if (period < _options.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A reminder's period must be at least {_options.MinimumPeriod} ({ReminderOptions.SectionName}:{nameof(ReminderOptions.MinimumPeriod)}).");
        }

        var grainClass = _runtime.GrainTypes.GetClass(grainId.Type).GrainClass;
        if (!typeof(IRemindable).IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"Grain class {grainClass.FullName} registers reminder '{name}' but does not implement IRemindable, so it could never receive it.");
        }

        var entry = new ReminderEntry(grainId, name, _runtime.TimeProvider.GetUtcNow() + dueTime, period, null);
        var eTag = await table.UpsertAsync(entry, cancellationToken).ConfigureAwait(false);
        var stored = entry with { ETag = eTag };
        Schedule(stored, stored.StartAt);
        return new GrainReminder(name, eTag);
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder, CancellationToken cancellationToken)
    {
        var table = RequireTable();

        // A concurrent RegisterOrUpdate moves the ETag: read again until the row is gone.
        while (await table.ReadAsync(grainId, reminder.ReminderName, cancellationToken).ConfigureAwait(false) is { ETag: { } eTag })
        {
            if (await table.RemoveAsync(grainId, reminder.ReminderName, eTag, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        lock (_lock)
        {
            if (_scheduled.Remove((grainId, reminder.ReminderName), out var scheduled))
            {
                scheduled.Timer.Dispose();
            }
        }
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        var entry = await RequireTable().ReadAsync(grainId, name, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : new GrainReminder(entry.Name, entry.ETag!);
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        lock (_lock)
        {
            _stopped = true;
            foreach (var scheduled in _scheduled.Values)
            {
                scheduled.Timer.Dispose();
            }

            _scheduled.Clear();
        }
    }

    /// <summary>The first due time strictly after <paramref name="now"/> (or the start, if still ahead): ticks missed while no silo ran are not replayed.</summary>
    internal static DateTimeOffset NextDue(ReminderEntry entry, DateTimeOffset now)
    {
        if (entry.StartAt > now)
        {
            return entry.StartAt;
        }

        var periods = (long)((now - entry.StartAt).Ticks / entry.Period.Ticks) + 1;
        return entry.StartAt + TimeSpan.FromTicks(entry.Period.Ticks * periods);
    }

    /// <summary>Schedules the reminders not yet scheduled (or changed since), at their next due time.</summary>
    private void ScheduleAll(IReadOnlyList<ReminderEntry> entries)
    {
        var now = _runtime.TimeProvider.GetUtcNow();
        foreach (var entry in entries)
        {
            try
            {
                lock (_lock)
                {
                    if (_scheduled.TryGetValue((entry.GrainId, entry.Name), out var current) && current.Entry.ETag == entry.ETag)
                    {
                        continue;
                    }
                }

                Schedule(entry, entry.StartAt >= now ? entry.StartAt : NextDue(entry, now));
            }
            catch (Exception exception)
            {
                // One unusable row must not keep the silo (and every other reminder) from starting.
                LogScheduleFailed(entry.Name, entry.GrainId, exception);
            }
        }
    }

    /// <summary>Learns of reminders registered, changed or removed through other silos of the cluster.</summary>
    private async Task RefreshAsync()
    {
        try
        {
            var entries = await _table!.ReadAllAsync(CancellationToken.None).ConfigureAwait(false);
            ScheduleAll(entries);
            var stored = entries.Select(e => (e.GrainId, e.Name)).ToHashSet();
            lock (_lock)
            {
                foreach (var key in _scheduled.Keys.Where(k => !stored.Contains(k)).ToArray())
                {
                    _scheduled.Remove(key, out var removed);
                    removed!.Timer.Dispose();
                }
            }
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
    }

    /// <summary>Whether this silo fires the grain's reminders first: the highest rendezvous hash among the active silos.</summary>
    private bool IsOwner(ClusterRouter cluster, GrainId grainId)
    {
        var local = _runtime.LocalSilo;
        var grainHash = grainId.GetStableHash();
        var localScore = Score(grainHash, local);
        foreach (var silo in cluster.Membership.View.ActiveSilos)
        {
            if (silo.Address != local && Score(grainHash, silo.Address) > localScore)
            {
                return false;
            }
        }

        return true;
    }

    private static ulong Score(uint grainHash, SiloAddress silo)
    {
        var hash = 14695981039346656037UL ^ grainHash;
        foreach (var c in silo.Host)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (ulong)silo.Port) * 1099511628211UL;
        return (hash ^ (ulong)silo.Generation) * 1099511628211UL;
    }

    private IReminderTable RequireTable() =>
        _table ?? throw new InvalidOperationException("Reminders are not enabled on this silo: register a reminder table (UseSqliteReminders, UsePostgresReminders or UseInMemoryReminders).");

    private void Schedule(ReminderEntry entry, DateTimeOffset due)
    {
        var now = _runtime.TimeProvider.GetUtcNow();
        var delay = Delay(due, now);
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var key = (entry.GrainId, entry.Name);
            if (_scheduled.Remove(key, out var previous))
            {
                previous.Timer.Dispose();
            }

            var scheduled = new ScheduledReminder(this, entry, due);
            scheduled.Timer = _runtime.TimeProvider.CreateTimer(static s => ((ScheduledReminder)s!).Fire(), scheduled, delay, Timeout.InfiniteTimeSpan);
            _scheduled[key] = scheduled;
        }
    }

    /// <summary>Timers cannot wait longer than about 49 days; a reminder due later is woken early and re-armed.</summary>
    private static TimeSpan Delay(DateTimeOffset due, DateTimeOffset now) =>
        due <= now ? TimeSpan.Zero : due - now > MaxTimerDelay ? MaxTimerDelay : due - now;

    private void Fire(ScheduledReminder scheduled)
    {
        var now = _runtime.TimeProvider.GetUtcNow();
        if (now < scheduled.Due)
        {
            lock (_lock)
            {
                if (!_stopped && _scheduled.TryGetValue((scheduled.Entry.GrainId, scheduled.Entry.Name), out var current) && current == scheduled)
                {
                    scheduled.Timer.Change(Delay(scheduled.Due, now), Timeout.InfiniteTimeSpan);
                }
            }

            return;
        }

        _ = TickAsync(scheduled);
    }

    private async Task TickAsync(ScheduledReminder scheduled)
    {
        var entry = scheduled.Entry;
        try
        {
            if (_runtime.Cluster is { } cluster && !await ClaimAsync(cluster, scheduled).ConfigureAwait(false))
            {
                // Fired by another silo, or removed or replaced meanwhile (the refresh settles which).
                Rearm(scheduled);
                return;
            }

            var status = new TickStatus(entry.StartAt, entry.Period, scheduled.Due);
            await _runtime.GrainFactory.GetGrain<IRemindable>(entry.GrainId).ReceiveReminder(entry.Name, status).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTickFailed(entry.Name, entry.GrainId, exception);
        }

        Rearm(scheduled);
    }

    private async Task<bool> ClaimAsync(ClusterRouter cluster, ScheduledReminder scheduled)
    {
        if (!IsOwner(cluster, scheduled.Entry.GrainId))
        {
            // The owner claims at the due time; step in only if it has not (it may have died).
            var options = cluster.Membership.Options;
            await Task.Delay(options.DetectionTimeout + options.TableRefreshPeriod + options.TableRefreshPeriod, _runtime.TimeProvider).ConfigureAwait(false);
            lock (_lock)
            {
                if (_stopped || !_scheduled.TryGetValue((scheduled.Entry.GrainId, scheduled.Entry.Name), out var current) || current != scheduled)
                {
                    return false;
                }
            }
        }

        return await _table!.TryClaimTickAsync(scheduled.Entry.GrainId, scheduled.Entry.Name, scheduled.Entry.ETag!, scheduled.Due, CancellationToken.None).ConfigureAwait(false);
    }

    private void Rearm(ScheduledReminder scheduled)
    {
        var entry = scheduled.Entry;
        lock (_lock)
        {
            // Re-arm only if this schedule is still current (not unregistered, replaced or stopped).
            if (_stopped || !_scheduled.TryGetValue((entry.GrainId, entry.Name), out var current) || current != scheduled)
            {
                return;
            }
        }

        // The next tick follows the one just delivered on the StartAt + k * Period grid; one that is already
        // due (a callback slower than the period) fires at once rather than being skipped.
        Schedule(entry, NextDue(entry, scheduled.Due));
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Loaded {Count} reminders")]
    private partial void LogLoaded(int count);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Reminder {Name} of grain {GrainId} failed")]
    private partial void LogTickFailed(string name, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Reminder {Name} of grain {GrainId} could not be scheduled")]
    private partial void LogScheduleFailed(string name, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "The reminder table could not be re-read; reminders registered on other silos are learnt at the next refresh")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed class ScheduledReminder(ReminderService service, ReminderEntry entry, DateTimeOffset due)
    {
        public ReminderEntry Entry { get; } = entry;

        public DateTimeOffset Due { get; } = due;

        public ITimer Timer { get; set; } = null!;

        public void Fire() => service.Fire(this);
    }
}
