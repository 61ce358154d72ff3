using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>
/// A membership table in process memory, shared by the silos of an in-process test cluster (pass one instance
/// to each). Same conditional rules as the PostgreSQL table.
/// </summary>
public sealed class InMemoryMembershipTable(TimeProvider timeProvider) : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, Row> _rows = [];

    /// <summary>Creates a table on the system clock.</summary>
    public InMemoryMembershipTable()
        : this(TimeProvider.System)
    {
    }

    /// <inheritdoc/>
    public Task JoinAsync(SiloAddress silo, string siloName, SiloCapabilities capabilities, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_rows.TryAdd(silo, new Row(siloName, SiloStatus.Joining, now, now, capabilities)))
            {
                throw new InvalidOperationException($"Silo {silo} is already in the membership table.");
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(silo, out var row) || row.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _rows[silo] = row with { Status = status };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> HeartbeatAsync(SiloAddress silo, SiloCapabilities capabilities, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(silo, out var row) || row.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _rows[silo] = row with { LastHeartbeat = timeProvider.GetUtcNow(), Capabilities = capabilities };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan heartbeatOlderThan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_rows.TryGetValue(silo, out var row) || row.Status == SiloStatus.Dead || now - row.LastHeartbeat <= heartbeatOlderThan)
            {
                return Task.FromResult(false);
            }

            _rows[silo] = row with { Status = SiloStatus.Dead };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            IReadOnlyList<MembershipEntry> entries =
                [.. _rows.Select(p => new MembershipEntry(p.Key, p.Value.SiloName, p.Value.Status, p.Value.StartedAt, now - p.Value.LastHeartbeat, p.Value.Capabilities))];
            return Task.FromResult(entries);
        }
    }

    /// <inheritdoc/>
    public Task<int> CleanupDeadAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            var removed = 0;
            foreach (var (silo, row) in _rows.ToArray())
            {
                if (row.Status == SiloStatus.Dead && now - row.LastHeartbeat > olderThan && _rows.Remove(silo))
                {
                    removed++;
                }
            }

            return Task.FromResult(removed);
        }
    }

    private sealed record Row(string SiloName, SiloStatus Status, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat, SiloCapabilities Capabilities);
}
