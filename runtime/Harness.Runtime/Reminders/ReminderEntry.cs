namespace Harness.Runtime.Reminders;

/// <summary>A durable reminder as stored in a reminder table.</summary>
/// <param name="GrainId">The grain the reminder wakes.</param>
/// <param name="Name">The reminder's name, unique per grain.</param>
/// <param name="StartAt">The first due time; later ticks follow every <paramref name="Period"/>.</param>
/// <param name="Period">The interval between ticks.</param>
/// <param name="ETag">The stored version; null for an entry not yet stored.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period, string? ETag);
