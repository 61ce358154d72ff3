namespace Harness.Runtime.Reminders;

/// <summary>Durable storage of reminders: what lets a reminder fire after deactivation and silo restarts.</summary>
public interface IReminderTable
{
    /// <summary>Reads every reminder.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Reads one grain's reminders.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Reads one reminder, or null.</summary>
    Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a reminder; returns its new ETag.</summary>
    Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes a reminder if its ETag matches; returns whether a row was deleted.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, string eTag, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the tick due at <paramref name="due"/> of the reminder version <paramref name="eTag"/>: true for the
    /// first caller only (per reminder and due time), false for every later one and when the reminder was
    /// removed or replaced. Silos of a cluster fire a tick only after claiming it, so it fires once.
    /// </summary>
    Task<bool> TryClaimTickAsync(GrainId grainId, string name, string eTag, DateTimeOffset due, CancellationToken cancellationToken);
}
