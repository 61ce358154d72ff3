namespace Harness.Runtime.Reminders;

/// <summary>A registered reminder as handed to grain code.</summary>
internal sealed record GrainReminder(string ReminderName, string ETag) : IGrainReminder;
