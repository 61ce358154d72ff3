using System.Diagnostics.Metrics;

namespace Harness.Grains.Inference;

/// <summary>The inference meters (meter <c>Harness.Inference</c>); see docs/telemetry.md.</summary>
internal static class InferenceMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Harness.Inference";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Milliseconds from a generation's start (its lease granted) to its first token.</summary>
    public static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram<double>(
        "harness.inference.ttft", "ms", "Time from the start of a generation (its device lease granted) to its first token.");

    /// <summary>Mean milliseconds between consecutive tokens of a generation.</summary>
    public static readonly Histogram<double> TimeBetweenTokens = Meter.CreateHistogram<double>(
        "harness.inference.tbt", "ms", "Mean time between consecutive tokens of one generation.");

    /// <summary>Generated tokens per second of a generation.</summary>
    public static readonly Histogram<double> TokensPerSecond = Meter.CreateHistogram<double>(
        "harness.inference.tokens_per_second", "{token}/s", "Tokens generated per second by one generation, from its start to its end.");

    /// <summary>Milliseconds a request waited for its device lease.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "harness.inference.queue_wait", "ms", "Time an inference request waited in its device's queue for a lease.");

    /// <summary>Tokens generated.</summary>
    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "harness.inference.tokens", "{token}", "Tokens generated (resumed ones are not counted again).");

    /// <summary>Milliseconds to load a model's weights on a device (a cold start).</summary>
    public static readonly Histogram<double> ModelLoadTime = Meter.CreateHistogram<double>(
        "harness.inference.model.load_time", "ms", "Time to load a model's weights on a device (a cold start).");

    /// <summary>Requests that found their model resident (warm) or not (cold).</summary>
    public static readonly Counter<long> ModelStarts = Meter.CreateCounter<long>(
        "harness.inference.model.starts", "{request}", "Inference requests by whether their model's weights were already resident on the device.");
}
