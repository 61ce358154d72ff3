using System.Diagnostics;
using Harness.TestGrains;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// Increments one counter grain again and again until stopped, one call at a time, recording every acknowledged
/// value and every call whose outcome is unknown (it failed with <see cref="SiloUnavailableException"/> or
/// <see cref="TimeoutException"/>: it may or may not have been applied); those are retried. Any other failure ends
/// the worker with that exception.
/// </summary>
internal sealed class CounterWorker(string key, IClusterCounterGrain grain)
{
    private readonly Lock _lock = new();
    private readonly List<Ack> _acks = [];
    private readonly List<string> _unknown = [];

    public string Key { get; } = key;

    public IClusterCounterGrain Grain { get; } = grain;

    public int AckCount
    {
        get
        {
            lock (_lock)
            {
                return _acks.Count;
            }
        }
    }

    public IReadOnlyList<Ack> Acks
    {
        get
        {
            lock (_lock)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>Gets the failures of calls whose outcome is unknown (type and message).</summary>
    public IReadOnlyList<string> Unknown
    {
        get
        {
            lock (_lock)
            {
                return [.. _unknown];
            }
        }
    }

    /// <summary>Gets the first acknowledged call that was sent at or after <paramref name="timestamp"/> (a Stopwatch timestamp).</summary>
    public Ack? FirstAckSentAfter(long timestamp)
    {
        lock (_lock)
        {
            return _acks.Where(a => a.Sent >= timestamp).Select(a => (Ack?)a).FirstOrDefault();
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var value = await Grain.Increment();
                lock (_lock)
                {
                    _acks.Add(new Ack(value, sent, Stopwatch.GetTimestamp()));
                }
            }
            catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
            {
                lock (_lock)
                {
                    _unknown.Add($"{exception.GetType().Name}: {exception.Message}");
                }

                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    /// <summary>An acknowledged increment: the value it returned, when it was sent and when its answer came (Stopwatch timestamps).</summary>
    internal readonly record struct Ack(int Value, long Sent, long Answered);
}
