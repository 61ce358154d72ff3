using System.Globalization;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Harness.Runtime.Streams;
using Harness.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Devices;

/// <summary>
/// Grants leases on one local device from per-class queues (see <see cref="IDeviceGrain"/>). Leases live in memory:
/// they are short, and their holders renew them; the grain stays active while the silo runs.
/// </summary>
[GrainType("device")]
[Reentrant]
[SiloBoundPlacement]
internal sealed partial class DeviceGrain(
    DeviceInventory inventory,
    DeviceLeaseLedger ledger,
    IEnumerable<IResidentModelHost> modelHosts,
    ISiloStatus silo,
    IOptions<DeviceOptions> options,
    TimeProvider time,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    private readonly DeviceOptions _options = options.Value;
    private readonly List<LeaseGrant> _leases = [];
    private readonly LinkedList<PendingLease>[] _queues = [new(), new(), new()];
    private readonly Dictionary<string, string> _preemptionKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signalled = new(StringComparer.Ordinal);
    private readonly ModelResidencyTable _models = new();
    private readonly IResidentModelHost[] _modelHosts = [.. modelHosts];
    private DeviceInfo _device = null!;
    private long _leaseCounter;

    private long LeasedMb => _leases.Sum(l => l.VramMb);

    /// <summary>Gets the memory in use: leases and resident weights (idle ones included, until evicted).</summary>
    private long UsedMb => LeasedMb + _models.ResidentMb;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!DeviceGrainKeys.TryParse(GrainId.Key, out var siloPart, out var deviceId))
        {
            throw new ArgumentException($"Device grain key '{GrainId.Key}' must be '<silo address>/<device id>'.");
        }

        if (!string.Equals(siloPart, silo.Address.ToString(), StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Device grain '{GrainId.Key}' belongs to silo {siloPart} but was activated on silo {silo.Address}: call it from the silo owning the device.");
        }

        _device = inventory.Find(deviceId) ?? throw new KeyNotFoundException(
            $"Silo {silo.Address} has no device '{deviceId}' (devices: {string.Join(", ", inventory.Devices.Select(d => d.Id))}).");
        RegisterGrainTimer(
            static (grain, _) => grain.SweepAsync(),
            this,
            new GrainTimerCreationOptions(_options.SweepInterval, _options.SweepInterval) { Interleave = true, KeepAlive = true });
        UpdateLedger();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var pending in _queues.SelectMany(q => q))
        {
            pending.Completion.TrySetException(new InvalidOperationException($"Device '{_device.Id}' deactivated before the lease was granted."));
        }

        _leases.Clear();
        foreach (var model in _models.Evict(long.MaxValue, except: null))
        {
            EvictWeights(model.Model, model.SizeMb);
        }

        UpdateLedger();
        return Task.CompletedTask;
    }

    public Task<DeviceStatus> GetStatus() => Task.FromResult(new DeviceStatus
    {
        Device = _device,
        TotalVramMb = _device.VramMb,
        FreeVramMb = _device.VramMb - UsedMb,
        Leases = [.. _leases],
        PreemptingLeases = [.. _signalled],
        ResidentModels = _models.Describe(LoadTimeOf),
        RealtimeQueued = _queues[(int)QosClass.Realtime].Count,
        StandardQueued = _queues[(int)QosClass.Standard].Count,
        BackgroundQueued = _queues[(int)QosClass.Background].Count,
    });

    public async Task<LeaseGrant> RequestLease(LeaseRequest request)
    {
        Validate(request);
        if (_queues[(int)request.Qos].Count == 0 && CanGrant(request))
        {
            return Grant(request);
        }

        var pending = new PendingLease(request);
        var node = _queues[(int)request.Qos].AddLast(pending);
        LogQueued(logger, _device.Id, request.HolderId, request.VramMb, request.Qos, node.List!.Count);
        PreemptFor(request);
        var timeout = request.WaitTimeout ?? _options.DefaultWaitTimeout;
        try
        {
            return await pending.Completion.Task.WaitAsync(timeout, time);
        }
        catch (TimeoutException)
        {
            if (pending.Completion.Task.IsCompletedSuccessfully)
            {
                return await pending.Completion.Task;
            }

            if (node.List is not null)
            {
                node.List.Remove(node);
                GrantQueued();
            }

            throw new TimeoutException(
                $"Device '{_device.Id}' could not grant {_models.NeedMb(request)} MiB to '{request.HolderId}' ({request.Qos}) within {timeout} ({_device.VramMb - UsedMb} MiB free, {_models.IdleMb(except: (string?)null)} MiB of it in idle models).");
        }
    }

    public Task<LeaseGrant> RenewLease(string leaseId)
    {
        var index = FindLease(leaseId);
        var now = time.GetUtcNow();
        var renewed = _leases[index] with { ExpiresAt = now + _leases[index].TimeSlice };
        _leases[index] = renewed;
        return Task.FromResult(renewed);
    }

    public Task ForgetModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (_models.Forget(model))
        {
            UpdateLedger();
            GrantQueued();
        }

        return Task.CompletedTask;
    }

    public Task<bool> ReleaseLease(string leaseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        var index = _leases.FindIndex(l => string.Equals(l.LeaseId, leaseId, StringComparison.Ordinal));
        if (index < 0)
        {
            return Task.FromResult(false);
        }

        var lease = _leases[index];
        _leases.RemoveAt(index);
        Forget(lease.LeaseId);
        _models.Release(lease.LeaseId, time.GetUtcNow());
        LogReleased(logger, _device.Id, lease.LeaseId, lease.HolderId, lease.VramMb);
        UpdateLedger();
        GrantQueued();
        return Task.FromResult(true);
    }

    private static void Validate(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.HolderId))
        {
            throw new ArgumentException("holderId must be non-empty.", nameof(request));
        }

        if (request.VramMb < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"vramMb must not be negative, not {request.VramMb}."), nameof(request));
        }

        if (request.TimeSlice <= TimeSpan.Zero)
        {
            throw new ArgumentException($"timeSlice must be positive, not {request.TimeSlice}.", nameof(request));
        }

        if (!Enum.IsDefined(request.Qos))
        {
            throw new ArgumentException($"qos must be realtime, standard or background, not {request.Qos}.", nameof(request));
        }

        if (request.WaitTimeout is { } wait && wait <= TimeSpan.Zero)
        {
            throw new ArgumentException($"waitTimeout must be positive when set, not {wait}.", nameof(request));
        }

        if (request.ModelMb < 0 || (request.ModelMb > 0 && string.IsNullOrWhiteSpace(request.Model)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"modelMb must not be negative and needs a model, not {request.ModelMb} for model '{request.Model}'."),
                nameof(request));
        }
    }

    private int FindLease(string leaseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        var index = _leases.FindIndex(l => string.Equals(l.LeaseId, leaseId, StringComparison.Ordinal));
        return index >= 0
            ? index
            : throw new KeyNotFoundException($"Device '{_device.Id}' has no active lease '{leaseId}' (it was released, expired or never granted).");
    }

    /// <summary>
    /// Whether <paramref name="request"/> fits now, counting the memory idle models would free: never beyond VRAM;
    /// background within its share while others wait.
    /// </summary>
    private bool CanGrant(LeaseRequest request)
    {
        if (UsedMb - _models.IdleMb(except: request.Model) + _models.NeedMb(request) > _device.VramMb)
        {
            return false;
        }

        if (request.Qos != QosClass.Background)
        {
            return true;
        }

        var contended = _queues[(int)QosClass.Realtime].Count > 0 || _queues[(int)QosClass.Standard].Count > 0;
        if (!contended)
        {
            return true;
        }

        var background = _leases.Where(l => l.Qos == QosClass.Background).Sum(l => l.VramMb);
        return background + request.VramMb <= _options.BackgroundShare * _device.VramMb;
    }

    private LeaseGrant Grant(LeaseRequest request)
    {
        var now = time.GetUtcNow();
        var shortMb = UsedMb + _models.NeedMb(request) - _device.VramMb;
        if (shortMb > 0)
        {
            foreach (var (model, sizeMb) in _models.Evict(shortMb, except: request.Model))
            {
                EvictWeights(model, sizeMb);
            }
        }

        var leaseId = string.Create(CultureInfo.InvariantCulture, $"{_device.Id}-{++_leaseCounter}");
        var wasResident = request.Model is { } requested && _models.Acquire(requested, request.ModelMb, leaseId, now);
        var grant = new LeaseGrant
        {
            LeaseId = leaseId,
            HolderId = request.HolderId,
            VramMb = request.VramMb,
            Qos = request.Qos,
            TimeSlice = request.TimeSlice,
            GrantedAt = now,
            ExpiresAt = now + request.TimeSlice,
            Model = request.Model,
            ModelWasResident = wasResident,
        };
        _leases.Add(grant);
        if (request.PreemptionKey is { } preemptionKey)
        {
            _preemptionKeys[grant.LeaseId] = preemptionKey;
        }

        UpdateLedger();
        LogGranted(logger, _device.Id, grant.LeaseId, grant.HolderId, grant.VramMb, grant.Qos);
        return grant;
    }

    /// <summary>Grants queued requests: classes in priority order, first come first served within a class.</summary>
    private void GrantQueued()
    {
        foreach (var queue in _queues)
        {
            while (queue.First is { } head && CanGrant(head.Value.Request))
            {
                queue.RemoveFirst();
                if (head.Value.Completion.Task.IsCompleted)
                {
                    continue;
                }

                head.Value.Completion.TrySetResult(Grant(head.Value.Request));
            }
        }
    }

    /// <summary>
    /// Signals lower-class leases to give up their memory when <paramref name="request"/> cannot be granted: the lowest
    /// class first, the newest lease first within a class, only as many as make room, and only when preempting can make
    /// room at all (memory held by equal or higher classes is never preempted). A lease is signalled once.
    /// </summary>
    private void PreemptFor(LeaseRequest request)
    {
        // Room for every waiting request of this class or a higher one, not just this one: a second realtime request
        // queued before the first one's victim let go needs a victim of its own.
        // Idle models are evicted before any lease is preempted, but not those the waiting requests need (their weights
        // are counted as already there); a model several waiting requests need counts once.
        var waiting = 0L;
        var models = new HashSet<string>(StringComparer.Ordinal);
        for (var qos = QosClass.Realtime; qos <= request.Qos; qos++)
        {
            foreach (var pending in _queues[(int)qos])
            {
                var model = pending.Request.Model;
                waiting += model is not null && !models.Add(model) ? pending.Request.VramMb : _models.NeedMb(pending.Request);
            }
        }

        var free = _device.VramMb - UsedMb + _models.IdleMb(except: models);
        var needed = waiting - free;
        foreach (var lease in _leases)
        {
            if (_signalled.Contains(lease.LeaseId))
            {
                needed -= lease.VramMb;
            }
        }

        if (needed <= 0)
        {
            return;
        }

        var victims = _leases
            .Where(l => l.Qos > request.Qos && _preemptionKeys.ContainsKey(l.LeaseId) && !_signalled.Contains(l.LeaseId))
            .OrderByDescending(l => l.Qos)
            .ThenByDescending(l => l.GrantedAt)
            .ToList();
        if (victims.Sum(v => v.VramMb) < needed)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var victim in victims)
        {
            if (needed <= 0)
            {
                break;
            }

            needed -= victim.VramMb;
            _signalled.Add(victim.LeaseId);
            var signal = new PreemptionSignal { DeviceId = _device.Id, LeaseId = victim.LeaseId, RequestedFor = request.Qos, SignalledAt = now };
            LogPreempting(logger, _device.Id, victim.LeaseId, victim.HolderId, victim.Qos, request.Qos);
            _ = PublishAsync(_preemptionKeys[victim.LeaseId], signal);
        }
    }

    private async Task PublishAsync(string preemptionKey, PreemptionSignal signal)
    {
        try
        {
            await GetStreamProvider(PreemptionStreams.Provider)
                .GetStream<PreemptionSignal>(new StreamId(PreemptionStreams.Namespace, preemptionKey))
                .OnNextAsync(signal);
        }
        catch (Exception exception)
        {
            // The holder keeps its lease until it ends or expires; the next queued request may signal it again.
            _signalled.Remove(signal.LeaseId);
            LogPreemptionFailed(logger, _device.Id, signal.LeaseId, exception);
        }
    }

    private void Forget(string leaseId)
    {
        _preemptionKeys.Remove(leaseId);
        _signalled.Remove(leaseId);
    }

    private Task SweepAsync()
    {
        var now = time.GetUtcNow();
        var expired = _leases.RemoveAll(l =>
        {
            if (l.ExpiresAt > now)
            {
                return false;
            }

            LogExpired(logger, _device.Id, l.LeaseId, l.HolderId, l.VramMb);
            Forget(l.LeaseId);
            _models.Release(l.LeaseId, now);
            return true;
        });
        if (expired > 0)
        {
            UpdateLedger();
            GrantQueued();
        }

        return Task.CompletedTask;
    }

    /// <summary>Publishes what placement reads: memory held by leases and by models in use (idle weights can be evicted), and the resident models.</summary>
    private void UpdateLedger() => ledger.Set(_device.Id, LeasedMb + _models.InUseMb, UsedMb, [.. _models.Names]);

    private TimeSpan? LoadTimeOf(string model)
    {
        foreach (var host in _modelHosts)
        {
            if (host.GetLoadTime(_device.Id, model) is { } loadTime)
            {
                return loadTime;
            }
        }

        return null;
    }

    private void EvictWeights(string model, long sizeMb)
    {
        LogEvicted(logger, _device.Id, model, sizeMb);
        foreach (var host in _modelHosts)
        {
            host.Evict(_device.Id, model);
        }
    }

    [LoggerMessage(EventId = 1410, Level = LogLevel.Debug, Message = "Device {DeviceId}: lease {LeaseId} granted to {HolderId} ({VramMb} MiB, {Qos}).")]
    private static partial void LogGranted(ILogger logger, string deviceId, string leaseId, string holderId, long vramMb, QosClass qos);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Debug, Message = "Device {DeviceId}: request of {HolderId} ({VramMb} MiB, {Qos}) queued at position {Position}.")]
    private static partial void LogQueued(ILogger logger, string deviceId, string holderId, long vramMb, QosClass qos, int position);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Debug, Message = "Device {DeviceId}: lease {LeaseId} of {HolderId} released ({VramMb} MiB).")]
    private static partial void LogReleased(ILogger logger, string deviceId, string leaseId, string holderId, long vramMb);

    [LoggerMessage(EventId = 1414, Level = LogLevel.Information, Message = "Device {DeviceId}: preempting lease {LeaseId} of {HolderId} ({Qos}) for a {RequestedFor} request.")]
    private static partial void LogPreempting(ILogger logger, string deviceId, string leaseId, string holderId, QosClass qos, QosClass requestedFor);

    [LoggerMessage(EventId = 1415, Level = LogLevel.Warning, Message = "Device {DeviceId}: the preemption signal for lease {LeaseId} could not be delivered; the lease is kept until it ends or expires.")]
    private static partial void LogPreemptionFailed(ILogger logger, string deviceId, string leaseId, Exception exception);

    [LoggerMessage(EventId = 1416, Level = LogLevel.Information, Message = "Device {DeviceId}: evicted idle model {Model} ({SizeMb} MiB) to make room.")]
    private static partial void LogEvicted(ILogger logger, string deviceId, string model, long sizeMb);

    [LoggerMessage(EventId = 1413, Level = LogLevel.Warning, Message = "Device {DeviceId}: lease {LeaseId} of {HolderId} expired unrenewed ({VramMb} MiB freed); its holder is presumed dead.")]
    private static partial void LogExpired(ILogger logger, string deviceId, string leaseId, string holderId, long vramMb);
}
