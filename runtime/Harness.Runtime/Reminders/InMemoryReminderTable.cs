using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Runtime.Reminders;

/// <summary>A reminder table in memory: reminders survive deactivation but not the process (tests, demos).</summary>
internal sealed class InMemoryReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ReminderEntry> _entries = new();
    private long _version;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values]);

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values.Where(e => e.GrainId == grainId)]);

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue((grainId, name), out var entry) ? entry : null);

    public Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var eTag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        _entries[(entry.GrainId, entry.Name)] = entry with { ETag = eTag };
        return Task.FromResult(eTag);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, string eTag, CancellationToken cancellationToken)
    {
        var key = (grainId, name);
        return Task.FromResult(_entries.TryGetValue(key, out var entry) && entry.ETag == eTag && _entries.TryRemove(KeyValuePair.Create(key, entry)));
    }
}
