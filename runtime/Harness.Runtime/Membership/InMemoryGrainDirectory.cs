using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>A grain directory in process memory, shared by the silos of an in-process test cluster.</summary>
public sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, SiloAddress> _entries = [];

    /// <inheritdoc/>
    public Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? replacing, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var existing) && (replacing is not { } old || old.Silo != existing))
            {
                return Task.FromResult(new GrainAddress(address.GrainId, existing));
            }

            _entries[address.GrainId] = address.Silo;
            return Task.FromResult(address);
        }
    }

    /// <inheritdoc/>
    public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<GrainAddress?>(_entries.TryGetValue(grainId, out var silo) ? new GrainAddress(grainId, silo) : null);
        }
    }

    /// <inheritdoc/>
    public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var silo) && silo == address.Silo)
            {
                _entries.Remove(address.GrainId);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<int> UnregisterSiloAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var removed = 0;
            foreach (var (grainId, owner) in _entries.ToArray())
            {
                if (owner == silo && _entries.Remove(grainId))
                {
                    removed++;
                }
            }

            return Task.FromResult(removed);
        }
    }
}
