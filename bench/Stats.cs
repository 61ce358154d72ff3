using System.Diagnostics;

namespace Harness.Bench;

/// <summary>Percentiles over per-operation timings, in microseconds.</summary>
internal static class Stats
{
    public static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public static double Percentile(long[] samples, double percentile)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        var index = (int)Math.Min(sorted.Length - 1, Math.Ceiling(percentile / 100.0 * sorted.Length) - 1);
        return ToMicroseconds(sorted[Math.Max(0, index)]);
    }

    public static double Round(double value) => Math.Round(value, 3);
}
