namespace Harness.Grains.Inference;

/// <summary>
/// Measures a token stream with <see cref="TimeProvider"/> timestamps: time to first token (TTFT), time between
/// tokens (TBT) and throughput. Not thread-safe: one consumer records one stream.
/// </summary>
public sealed class InferenceTimings
{
    private readonly TimeProvider _timeProvider;
    private readonly long _start;
    private readonly List<TimeSpan> _gaps = [];
    private long? _first;
    private long _last;

    private InferenceTimings(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _start = timeProvider.GetTimestamp();
        _last = _start;
    }

    /// <summary>Gets the number of tokens recorded.</summary>
    public int TokenCount { get; private set; }

    /// <summary>Gets the time from the start to the first token, or null before it.</summary>
    public TimeSpan? TimeToFirstToken => _first is { } f ? _timeProvider.GetElapsedTime(_start, f) : null;

    /// <summary>Gets the gaps between consecutive tokens, in order.</summary>
    public IReadOnlyList<TimeSpan> TimesBetweenTokens => _gaps;

    /// <summary>Gets the mean time between tokens, or null with fewer than two tokens.</summary>
    public TimeSpan? MeanTimeBetweenTokens =>
        _gaps.Count == 0 ? null : TimeSpan.FromTicks((long)_gaps.Average(g => g.Ticks));

    /// <summary>Starts measuring now (call just before requesting the stream).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The running measurement.</returns>
    public static InferenceTimings StartNew(TimeProvider timeProvider) => new(timeProvider);

    /// <summary>Records the arrival of one token now.</summary>
    public void RecordToken()
    {
        var now = _timeProvider.GetTimestamp();
        if (_first is null)
        {
            _first = now;
        }
        else
        {
            _gaps.Add(_timeProvider.GetElapsedTime(_last, now));
        }

        _last = now;
        TokenCount++;
    }

    /// <summary>Returns the nearest-rank percentile of the time between tokens, or null with fewer than two tokens.</summary>
    /// <param name="percentile">The percentile, in (0, 100].</param>
    /// <returns>The percentile gap.</returns>
    public TimeSpan? TimeBetweenTokensPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (_gaps.Count == 0)
        {
            return null;
        }

        var sorted = _gaps.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>Returns the time since the start.</summary>
    /// <returns>The elapsed time.</returns>
    public TimeSpan Elapsed() => _timeProvider.GetElapsedTime(_start);

    /// <summary>Returns recorded tokens per second over <paramref name="elapsed"/> (0 when none or no time).</summary>
    /// <param name="elapsed">The measured span, usually <see cref="Elapsed"/>.</param>
    /// <returns>The throughput.</returns>
    public double TokensPerSecond(TimeSpan elapsed) =>
        TokenCount == 0 || elapsed <= TimeSpan.Zero ? 0 : TokenCount / elapsed.TotalSeconds;
}
