namespace Harness.Runtime.Reminders;

/// <summary>Implemented by grains that register reminders; each tick arrives as a call to <see cref="ReceiveReminder"/>.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Handles one reminder tick.</summary>
    /// <param name="reminderName">The reminder's name.</param>
    /// <param name="status">When the tick was due and when it was delivered.</param>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
