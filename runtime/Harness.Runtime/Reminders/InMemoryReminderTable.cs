using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Runtime.Reminders;

/// <summary>A reminder table in memory: reminders survive deactivation but not the process (tests, demos).</summary>
internal sealed class InMemoryReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ReminderEntry> _entries = new();
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), DateTimeOffset> _claimed = new();
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
        _claimed.TryRemove((entry.GrainId, entry.Name), out _);
        return Task.FromResult(eTag);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, string eTag, CancellationToken cancellationToken)
    {
        var key = (grainId, name);
        return Task.FromResult(_entries.TryGetValue(key, out var entry) && entry.ETag == eTag && _entries.TryRemove(KeyValuePair.Create(key, entry)));
    }

    public Task<bool> TryClaimTickAsync(GrainId grainId, string name, string eTag, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var key = (grainId, name);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.ETag != eTag)
            {
                return Task.FromResult(false);
            }

            if (_claimed.TryGetValue(key, out var last))
            {
                if (last >= due)
                {
                    return Task.FromResult(false);
                }

                if (_claimed.TryUpdate(key, due, last))
                {
                    return Task.FromResult(true);
                }
            }
            else if (_claimed.TryAdd(key, due))
            {
                return Task.FromResult(true);
            }
        }
    }
}
