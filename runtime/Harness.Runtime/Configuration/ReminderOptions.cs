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

    /// <summary>
    /// Gets or sets how often a cluster member re-reads the reminder table, to learn of reminders registered or
    /// removed on other silos (so it can fire them if their owner dies). Unused by a single silo.
    /// </summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
