namespace Harness.Runtime.Reminders;

/// <summary>A handle to a registered reminder.</summary>
public interface IGrainReminder
{
    /// <summary>Gets the reminder's name.</summary>
    string ReminderName { get; }
}
