namespace Harness.Runtime.Timers;

/// <summary>A timer registered by a grain; disposing it stops further ticks.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
