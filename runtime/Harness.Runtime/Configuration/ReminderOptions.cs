namespace Harness.Runtime.Configuration;

/// <summary>Durable reminder settings.</summary>
public sealed class ReminderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Reminders";

    /// <summary>Default <see cref="MinimumPeriod"/>: 1 minute (reminders are for coarse, durable wake-ups; use timers for fine ones).</summary>
    public static readonly TimeSpan DefaultMinimumPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the shortest period a reminder may have.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan MinimumPeriod { get; set; } = DefaultMinimumPeriod;
}
