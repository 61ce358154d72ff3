namespace Harness.Runtime.Messaging;

/// <summary>Timestamp arithmetic that saturates: a huge timeout (TimeSpan.MaxValue, Infinite) means "never", not an overflow into the past.</summary>
internal static class Deadlines
{
    public static long After(TimeProvider time, TimeSpan delay)
    {
        var now = time.GetTimestamp();
        if (delay == Timeout.InfiniteTimeSpan || delay == TimeSpan.MaxValue)
        {
            return long.MaxValue;
        }

        var ticks = delay.TotalSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)Math.Max(0, ticks);
    }
}
