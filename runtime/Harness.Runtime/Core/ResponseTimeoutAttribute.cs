namespace Harness.Runtime;

/// <summary>Overrides the silo's response timeout for one grain interface method.</summary>
/// <param name="timeout">A <see cref="TimeSpan"/> in invariant "c" format, e.g. "00:00:05".</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>Gets the timeout.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
}
