using Harness.Runtime.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// One per silo and durable provider: every <see cref="DurableStreamOptions.PollPeriod"/> it renews its partition
/// leases, takes the partitions no live silo holds, and wakes the consumers in its partitions that lag behind their
/// stream. Partitions are first come, first served (no balancing between live silos yet): a silo takes only those
/// that are free or whose lease lapsed. A wake reactivates a consumer wherever the runtime places it, so events a
/// dead silo left undelivered, and events whose wake was lost, are delivered within a poll period (plus a lease
/// duration for a dead silo's partitions). Only an Active silo sweeps. On graceful shutdown, after the grains were
/// deactivated, it releases its leases so another silo takes them over at its next poll.
/// </summary>
internal sealed partial class DurableStreamSweeper : IHostedService, ISiloShutdownParticipant, IDisposable
{
    private readonly Func<DurableStreamProvider> _providerFactory;
    private readonly ISiloStatus _silo;
    private readonly DurableStreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DurableStreamSweeper> _logger;
    private readonly string _name;
    private readonly SortedSet<int> _held = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private DurableStreamProvider? _provider;
    private ITimer? _timer;
    private Task _sweep = Task.CompletedTask;
    private bool _stopped;

    public DurableStreamSweeper(
        string name,
        Func<DurableStreamProvider> providerFactory,
        ISiloStatus silo,
        DurableStreamOptions options,
        TimeProvider timeProvider,
        ILogger<DurableStreamSweeper> logger)
    {
        _name = name;
        _providerFactory = providerFactory;
        _silo = silo;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the lease owner name: unique per silo process and provider.</summary>
    public string Owner { get; private set; } = string.Empty;

    /// <summary>Gets the partitions this sweeper holds now.</summary>
    public IReadOnlyList<int> HeldPartitions
    {
        get
        {
            lock (_lock)
            {
                return [.. _held];
            }
        }
    }

    /// <summary>Starts sweeping (the first sweep at once); runs after the silo has started.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _provider = _providerFactory();
        Owner = $"{_provider.Runtime.LocalSilo}/{_name}/{Guid.NewGuid():N}";
        _timer = _timeProvider.CreateTimer(static s => ((DurableStreamSweeper)s!).OnTick(), this, TimeSpan.Zero, _options.PollPeriod);
        return Task.CompletedTask;
    }

    /// <summary>Stops sweeping when the host begins to stop (before the grains are deactivated); the leases are kept until <see cref="OnShutdownAsync"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopSweeping();
        return Task.CompletedTask;
    }

    /// <summary>Releases the leases once the silo's grains have been deactivated (and have stored their checkpoints).</summary>
    public async Task OnShutdownAsync(CancellationToken cancellationToken)
    {
        StopSweeping();
        Task sweep;
        lock (_lock)
        {
            sweep = _sweep;
        }

        try
        {
            await sweep.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var provider = _provider;
        if (provider is null)
        {
            return;
        }

        int[] held;
        lock (_lock)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach (var partition in held)
        {
            try
            {
                await provider.Store.ReleaseLeaseAsync(_name, partition, Owner, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // It lapses by itself after the lease duration.
                LogReleaseFailed(_name, partition, exception);
            }
        }

        LogLeasesReleased(_name, held.Length);
    }

    public void Dispose()
    {
        StopSweeping();
        _stopping.Dispose();
    }

    /// <summary>One sweep: renew and acquire leases, then wake lagging consumers. Internal so tests can drive it.</summary>
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var provider = _provider ?? throw new InvalidOperationException("The sweeper has not started.");
        for (var partition = 0; partition < _options.Partitions; partition++)
        {
            bool holds;
            lock (_lock)
            {
                holds = _held.Contains(partition);
            }

            var held = holds
                ? await provider.Store.RenewLeaseAsync(_name, partition, Owner, _options.LeaseDuration, cancellationToken).ConfigureAwait(false)
                : await provider.Store.TryAcquireLeaseAsync(_name, partition, Owner, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            if (held != holds)
            {
                lock (_lock)
                {
                    if (held)
                    {
                        _held.Add(partition);
                    }
                    else
                    {
                        _held.Remove(partition);
                    }
                }

                if (held)
                {
                    LogLeaseAcquired(_name, partition, Owner);
                }
                else
                {
                    LogLeaseLost(_name, partition, Owner);
                }
            }
        }

        var partitions = HeldPartitions;
        if (partitions.Count == 0)
        {
            return;
        }

        var lagging = await provider.Store.FindLaggingAsync(_name, _options.Partitions, partitions, _options.MaxWakesPerSweep, cancellationToken).ConfigureAwait(false);
        foreach (var (streamId, consumer) in lagging)
        {
            // A checkpoint of a class no longer subscribed (or not hosted here) is left alone.
            if (provider.IsSubscriber(consumer.Type, streamId.Namespace))
            {
                provider.SendWake(streamId, consumer);
            }
        }

        if (lagging.Count > 0)
        {
            LogWokeLagging(_name, lagging.Count);
        }
    }

    private void OnTick()
    {
        lock (_lock)
        {
            // Only an active silo sweeps: one that is not (it failed, or was crashed in a test) must let its leases lapse.
            if (_stopped || !_sweep.IsCompleted || _silo.Status != SiloStatus.Active)
            {
                return;
            }

            _sweep = RunSweepAsync();
        }
    }

    private async Task RunSweepAsync()
    {
        await Task.Yield();
        try
        {
            await SweepAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogSweepFailed(_name, exception);
        }
    }

    private void StopSweeping()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _timer?.Dispose();
        _stopping.Cancel();
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Debug, Message = "Durable stream provider {Provider}: took the lease on partition {Partition} ({Owner})")]
    private partial void LogLeaseAcquired(string provider, int partition, string owner);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: lost the lease on partition {Partition} ({Owner}); another silo sweeps it now")]
    private partial void LogLeaseLost(string provider, int partition, string owner);

    [LoggerMessage(EventId = 432, Level = LogLevel.Debug, Message = "Durable stream provider {Provider}: woke {Count} lagging consumers")]
    private partial void LogWokeLagging(string provider, int count);

    [LoggerMessage(EventId = 433, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: a sweep failed; the next one retries")]
    private partial void LogSweepFailed(string provider, Exception exception);

    [LoggerMessage(EventId = 434, Level = LogLevel.Information, Message = "Durable stream provider {Provider}: released {Count} partition leases on shutdown")]
    private partial void LogLeasesReleased(string provider, int count);

    [LoggerMessage(EventId = 435, Level = LogLevel.Warning, Message = "Durable stream provider {Provider}: could not release the lease on partition {Partition}; it lapses by itself")]
    private partial void LogReleaseFailed(string provider, int partition, Exception exception);
}
