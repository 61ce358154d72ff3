using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Devices;
using Harness.Grains.Inference.Cpu;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Streams;
using Harness.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Inference;

/// <summary>
/// One inference execution (see <see cref="IInferenceGrain"/>): picks a local device of the key's kind (one where the
/// model is resident first), leases memory on it (the model's weights too when this silo hosts them and they are not
/// resident yet), loads the weights if needed, renews the lease while it generates, and on a preemption signal for that
/// lease stops at the next token, releases the lease at once and returns the tokens generated so far. Reentrant, so the
/// signal is handled while the generation runs.
/// </summary>
[GrainType("inference")]
[GpuAwarePlacement]
[Reentrant]
[ImplicitStreamSubscription(PreemptionStreams.Namespace)]
internal sealed partial class InferenceGrain(
    InferenceBackendRouter router,
    InferenceImageFetcher images,
    DeviceInventory inventory,
    DeviceLeaseLedger ledger,
    ISiloStatus silo,
    TimeProvider time,
    ILogger<InferenceGrain> logger) : Grain, IInferenceGrain, IStreamSubscriptionObserver, IAsyncObserver<PreemptionSignal>
{
    private CancellationTokenSource? _generation;
    private IDeviceGrain? _device;
    private string? _leaseId;
    private PreemptionSignal? _signal;
    private PreemptionSignal? _earlySignal;
    private DateTimeOffset? _releasedAt;
    private bool _started;
    private bool _cancelled;
    private string _stage = "idle";
    private string? _deviceId;
    private int _generatedTokens;

    public async Task<InferenceOutcome> Generate(InferenceWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_started)
        {
            throw new InvalidOperationException($"Inference execution '{GrainId.Key}' has already run: each execution has its own key.");
        }

        _started = true;
        if (!InferenceGrainKeys.TryParse(GrainId.Key, out var demand))
        {
            throw new ArgumentException($"Inference grain key '{GrainId.Key}' must be '{{deviceKind}}|{{vramMb}}|{{model}}|{{executionId}}'.");
        }

        var request = work.Request;
        var device = ChooseDevice(demand, request.Model);
        var route = router.Route(device, request.Model);
        if (route.Backend is { } ready)
        {
            RequireSupport(ready, request, device);
        }

        if (request.ImageReference is { } reference && request.ImageData is null)
        {
            // Fetched before queueing, so a bad image fails at once instead of after holding memory.
            request = request with { ImageData = await images.FetchAsync(reference, CancellationToken.None) };
        }

        if (_cancelled)
        {
            // Cancelled while its image was fetched: it never asks for memory (nor preempts anyone for it).
            throw new OperationCanceledException($"Inference execution '{GrainId.Key}' was cancelled before it queued for device '{device.Id}'.");
        }

        using var generation = new CancellationTokenSource();
        _generation = generation;
        _deviceId = device.Id;
        _stage = "queued";
        _device = GrainFactory.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(silo.Address, device.Id));
        var queuedAt = time.GetUtcNow();
        LeaseGrant lease;
        try
        {
            lease = await RequestLeaseAsync(work, demand, route, request);
        }
        catch
        {
            // Not granted (a timeout, the device gone): nothing to cancel any more.
            _generation = null;
            _stage = "ended";
            throw;
        }

        var queueWait = time.GetUtcNow() - queuedAt;
        _leaseId = lease.LeaseId;
        var tags = Tags(request, work.Qos, route.Backend?.Name ?? CpuTransformerBackend.BackendName);
        InferenceMetrics.QueueWait.Record(queueWait.TotalMilliseconds, tags);
        if (_cancelled)
        {
            await ReleaseAsync();
            DeactivateOnIdle();
            throw new OperationCanceledException($"Inference execution '{GrainId.Key}' was cancelled while it waited for device '{device.Id}'.");
        }

        if (_earlySignal is { } early && string.Equals(early.LeaseId, lease.LeaseId, StringComparison.Ordinal))
        {
            // Preempted before its grant reached it: give the memory back and report no progress beyond what it resumed.
            _signal = early;
            await ReleaseAsync();
            DeactivateOnIdle();
            return Outcome(NoProgress(request, route), device, queueWait);
        }

        var renewal = RegisterGrainTimer(
            static (grain, _) => grain.RenewAsync(),
            this,
            new GrainTimerCreationOptions(work.TimeSlice / 3, work.TimeSlice / 3) { Interleave = true });
        InferenceResult result;
        ledger.BeginWork(device.Id);
        try
        {
            var backend = route.Backend;
            if (route.Host is { } host)
            {
                _stage = "loading";
                try
                {
                    TimeSpan? coldStart;
                    (backend, coldStart) = await host.LoadAsync(device.Id, request.Model, generation.Token);
                    InferenceMetrics.ModelStarts.Add(1, [.. tags, new("start", coldStart is null ? "warm" : "cold")]);
                }
                catch (OperationCanceledException) when (generation.IsCancellationRequested && !_cancelled)
                {
                    backend = null;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The device counted the weights as resident when it granted the lease: they are not.
                    await _device.ForgetModel(request.Model);
                    throw;
                }

                if (backend is not null)
                {
                    RequireSupport(backend, request, device);
                }
            }

            _stage = "generating";
            result = backend is null
                ? NoProgress(request, route)
                : await backend.RunAsync(request, time, CountToken, generation.Token);
        }
        finally
        {
            _stage = "ended";
            ledger.EndWork(device.Id);
            renewal.Dispose();
            _generation = null;
            await ReleaseAsync();
            DeactivateOnIdle();
        }

        if (_cancelled)
        {
            throw new OperationCanceledException($"Inference execution '{GrainId.Key}' was cancelled.");
        }

        Record(result, tags);
        return Outcome(result, device, queueWait);
    }

    public Task<bool> Cancel()
    {
        // Also before it queues or while it waits for its lease: it never queues, or gives the lease back once granted.
        var active = _started && _stage != "ended" && !_cancelled;
        _cancelled = true;
        _generation?.Cancel();
        return Task.FromResult(active);
    }

    public Task<InferenceProgress> GetProgress() =>
        Task.FromResult(new InferenceProgress { Stage = _stage, GeneratedTokens = Volatile.Read(ref _generatedTokens), Device = _deviceId });

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory, CancellationToken cancellationToken) =>
        await handleFactory.Create<PreemptionSignal>().ResumeAsync(this, cancellationToken);

    public async Task OnNextAsync(PreemptionSignal item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_leaseId is null && _device is not null && _signal is null)
        {
            // The device granted the lease and signalled it before the grant's answer arrived here.
            _earlySignal = item;
            return;
        }

        if (_generation is not { } generation || !string.Equals(item.LeaseId, _leaseId, StringComparison.Ordinal))
        {
            return;
        }

        _signal = item;
        generation.Cancel();

        // Released here, not when the generation unwinds: the waiting higher-class request gets the memory sooner.
        await ReleaseAsync();
        LogPreempted(logger, GrainId.Key, item.LeaseId, item.DeviceId, item.RequestedFor);
    }

    private Task<LeaseGrant> RequestLeaseAsync(InferenceWork work, InferenceDemand demand, InferenceRoute route, InferenceRequest request) =>
        _device!.RequestLease(new LeaseRequest
        {
            HolderId = work.HolderId,
            VramMb = demand.VramMb,
            TimeSlice = work.TimeSlice,
            Qos = work.Qos,
            WaitTimeout = work.WaitTimeout,
            PreemptionKey = GrainId.Key,
            Model = route.Host is null ? null : request.Model,
            ModelMb = route.WeightsMb,
        });

    private ValueTask CountToken(InferenceToken token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generatedTokens);
        return ValueTask.CompletedTask;
    }

    private static void RequireSupport(IInferenceBackend backend, InferenceRequest request, DeviceInfo device)
    {
        if (!backend.SupportsModel(request.Model))
        {
            throw new InvalidOperationException($"The inference backend '{backend.Name}' of device '{device.Id}' does not serve model '{request.Model}'.");
        }

        if ((request.ImageReference is not null || request.ImageData is not null) && !backend.SupportsVision)
        {
            throw new InvalidOperationException(
                $"Model '{request.Model}' was asked to read an image, but no vision-capable backend serves it on device '{device.Id}' (backend '{backend.Name}' has no vision support).");
        }
    }

    private static KeyValuePair<string, object?>[] Tags(InferenceRequest request, QosClass qos, string backend) =>
    [
        new("model", request.Model),
        new("backend", backend),
        new("qos", qos.ToWireName()),
    ];

    private static void Record(InferenceResult result, KeyValuePair<string, object?>[] tags)
    {
        if (result.GeneratedTokenCount > 0)
        {
            InferenceMetrics.Tokens.Add(result.GeneratedTokenCount, tags);
            InferenceMetrics.TokensPerSecond.Record(result.TokensPerSecond, tags);
        }

        if (result.TimeToFirstToken is { } ttft)
        {
            InferenceMetrics.TimeToFirstToken.Record(ttft.TotalMilliseconds, tags);
        }

        if (result.MeanTimeBetweenTokens is { } tbt)
        {
            InferenceMetrics.TimeBetweenTokens.Record(tbt.TotalMilliseconds, tags);
        }
    }

    private static InferenceResult NoProgress(InferenceRequest request, InferenceRoute route) => new()
    {
        Backend = route.Backend?.Name ?? CpuTransformerBackend.BackendName,
        Model = request.Model,
        Tokens = [.. request.ResumeFrom],
        TokenIds = request.ResumeTokenIds.Count == request.ResumeFrom.Count ? [.. request.ResumeTokenIds] : [],
        ResumedTokenCount = request.ResumeFrom.Count,
        FinishReason = InferenceFinishReason.Cancelled,
    };

    private InferenceOutcome Outcome(InferenceResult result, DeviceInfo device, TimeSpan queueWait)
    {
        var preempted = _signal is not null && result.FinishReason == InferenceFinishReason.Cancelled;
        return new InferenceOutcome
        {
            Result = result,
            Preempted = preempted,
            PreemptionSignalledAt = preempted ? _signal!.SignalledAt : null,
            LeaseReleasedAt = preempted ? _releasedAt : null,
            Silo = silo.Address.ToString(),
            Device = device.Id,
            QueueWait = queueWait,
        };
    }

    /// <summary>A local device of the demanded kind and size: one holding the model's weights first, then the one with the most memory free.</summary>
    private DeviceInfo ChooseDevice(InferenceDemand demand, string model)
    {
        DeviceInfo? best = null;
        (bool Resident, long Free) bestRank = (false, long.MinValue);
        foreach (var device in inventory.Devices)
        {
            if (!string.Equals(device.Kind, demand.DeviceKind, StringComparison.Ordinal) || device.VramMb < demand.VramMb)
            {
                continue;
            }

            var rank = (ledger.GetResidentModels(device.Id).Contains(model, StringComparer.Ordinal), device.VramMb - ledger.GetLeased(device.Id));
            if (best is null || rank.Item1 && !bestRank.Resident || (rank.Item1 == bestRank.Resident && rank.Item2 > bestRank.Free))
            {
                (best, bestRank) = (device, rank);
            }
        }

        return best ?? throw new InvalidOperationException(
            $"Silo {silo.Address} has no '{demand.DeviceKind}' device with {demand.VramMb} MiB (devices: {string.Join(", ", inventory.Devices.Select(d => $"{d.Id} {d.Kind} {d.VramMb} MiB"))}).");
    }

    private async Task RenewAsync()
    {
        if (_leaseId is { } leaseId && _device is { } device)
        {
            await device.RenewLease(leaseId);
        }
    }

    private async Task ReleaseAsync()
    {
        if (_leaseId is { } leaseId && _device is { } device)
        {
            _leaseId = null;
            await device.ReleaseLease(leaseId);
            _releasedAt = time.GetUtcNow();
        }
    }

    [LoggerMessage(EventId = 1430, Level = LogLevel.Information, Message = "Inference {Execution} preempted: lease {LeaseId} on device {DeviceId} released for a {RequestedFor} request.")]
    private static partial void LogPreempted(ILogger logger, string execution, string leaseId, string deviceId, QosClass requestedFor);
}
