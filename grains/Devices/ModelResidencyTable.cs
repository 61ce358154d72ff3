using Harness.GrainInterfaces.Devices;

namespace Harness.Grains.Devices;

/// <summary>
/// The models whose weights are resident on one device: their size, the leases using each, and when each was last
/// used. Weights are shared by every lease naming the model and stay resident after the last one ends, until the
/// device needs the memory: then idle models go, least recently used first. Not thread-safe: the device grain's.
/// </summary>
internal sealed class ModelResidencyTable
{
    private readonly Dictionary<string, Entry> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _modelOfLease = new(StringComparer.Ordinal);

    /// <summary>Gets the memory all resident weights take, in MiB.</summary>
    public long ResidentMb { get; private set; }

    /// <summary>Gets the memory the weights of models in use take, in MiB (idle ones can be evicted).</summary>
    public long InUseMb => _models.Values.Where(e => e.Users.Count > 0).Sum(e => e.SizeMb);

    /// <summary>Gets the names of the resident models.</summary>
    public IEnumerable<string> Names => _models.Keys;

    /// <summary>Returns whether <paramref name="model"/> is resident.</summary>
    /// <param name="model">The model, or null.</param>
    /// <returns>True when resident.</returns>
    public bool IsResident(string? model) => model is not null && _models.ContainsKey(model);

    /// <summary>Returns the memory a request needs: its own, plus its model's weights unless they are resident.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The memory, in MiB.</returns>
    public long NeedMb(LeaseRequest request) =>
        request.VramMb + (request.Model is { } model && !_models.ContainsKey(model) ? request.ModelMb : 0);

    /// <summary>Returns the memory idle models take, apart from <paramref name="except"/>: what eviction can free.</summary>
    /// <param name="except">A model not to count, or null.</param>
    /// <returns>The memory, in MiB.</returns>
    public long IdleMb(string? except) =>
        _models.Where(e => e.Value.Users.Count == 0 && !string.Equals(e.Key, except, StringComparison.Ordinal)).Sum(e => e.Value.SizeMb);

    /// <summary>Returns the memory idle models take, apart from those in <paramref name="except"/>.</summary>
    /// <param name="except">Models not to count.</param>
    /// <returns>The memory, in MiB.</returns>
    public long IdleMb(IReadOnlySet<string> except) =>
        _models.Where(e => e.Value.Users.Count == 0 && !except.Contains(e.Key)).Sum(e => e.Value.SizeMb);

    /// <summary>Evicts idle models, least recently used first, until <paramref name="neededMb"/> is freed; never <paramref name="except"/>.</summary>
    /// <param name="neededMb">The memory to free.</param>
    /// <param name="except">A model to keep.</param>
    /// <returns>The evicted models with their sizes.</returns>
    public List<(string Model, long SizeMb)> Evict(long neededMb, string? except)
    {
        var evicted = new List<(string, long)>();
        var idle = _models
            .Where(e => e.Value.Users.Count == 0 && !string.Equals(e.Key, except, StringComparison.Ordinal))
            .OrderBy(e => e.Value.LastUsedAt)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var (model, entry) in idle)
        {
            if (neededMb <= 0)
            {
                break;
            }

            _models.Remove(model);
            ResidentMb -= entry.SizeMb;
            neededMb -= entry.SizeMb;
            evicted.Add((model, entry.SizeMb));
        }

        return evicted;
    }

    /// <summary>Records a lease using a model, making it resident if it was not; returns whether it already was.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sizeMb">Its weights' size, used when it becomes resident.</param>
    /// <param name="leaseId">The lease.</param>
    /// <param name="now">The time.</param>
    /// <returns>True when the weights were resident already.</returns>
    public bool Acquire(string model, long sizeMb, string leaseId, DateTimeOffset now)
    {
        var wasResident = _models.TryGetValue(model, out var entry);
        if (wasResident && entry!.Forgotten)
        {
            // Its weights failed to load for a lease still running: this lease loads them again, a cold start.
            entry.Forgotten = false;
            wasResident = false;
        }

        if (entry is null)
        {
            entry = new Entry(sizeMb, now);
            _models.Add(model, entry);
            ResidentMb += sizeMb;
        }

        entry!.Users.Add(leaseId);
        entry.Uses++;
        entry.LastUsedAt = now;
        _modelOfLease[leaseId] = model;
        return wasResident;
    }

    /// <summary>Records the end of a lease; its model stays resident unless it is to be forgotten.</summary>
    /// <param name="leaseId">The lease.</param>
    /// <param name="now">The time.</param>
    public void Release(string leaseId, DateTimeOffset now)
    {
        if (_modelOfLease.Remove(leaseId, out var model) && _models.TryGetValue(model, out var entry))
        {
            entry.Users.Remove(leaseId);
            entry.LastUsedAt = now;
            if (entry.Forgotten && entry.Users.Count == 0)
            {
                Remove(model, entry);
            }
        }
    }

    /// <summary>Stops counting a model's weights as resident: now when unused, else when its last lease ends.</summary>
    /// <param name="model">The model.</param>
    /// <returns>True when it was removed now.</returns>
    public bool Forget(string model)
    {
        if (!_models.TryGetValue(model, out var entry))
        {
            return false;
        }

        entry.Forgotten = true;
        if (entry.Users.Count > 0)
        {
            return false;
        }

        Remove(model, entry);
        return true;
    }

    /// <summary>Describes the resident models, most recently used first.</summary>
    /// <param name="loadTime">Reads a model's load time.</param>
    /// <returns>The models.</returns>
    public List<ResidentModel> Describe(Func<string, TimeSpan?> loadTime) =>
        [.. _models
            .OrderByDescending(e => e.Value.LastUsedAt)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new ResidentModel
            {
                Model = e.Key,
                SizeMb = e.Value.SizeMb,
                Users = e.Value.Users.Count,
                Uses = e.Value.Uses,
                ResidentSince = e.Value.ResidentSince,
                LastUsedAt = e.Value.LastUsedAt,
                LoadTime = loadTime(e.Key),
            })];

    private void Remove(string model, Entry entry)
    {
        _models.Remove(model);
        ResidentMb -= entry.SizeMb;
    }

    private sealed class Entry(long sizeMb, DateTimeOffset residentSince)
    {
        /// <summary>Gets or sets a value indicating whether its weights failed to load: it goes when its last lease ends.</summary>
        public bool Forgotten { get; set; }

        public long SizeMb { get; } = sizeMb;

        public DateTimeOffset ResidentSince { get; } = residentSince;

        public HashSet<string> Users { get; } = new(StringComparer.Ordinal);

        public long Uses { get; set; }

        public DateTimeOffset LastUsedAt { get; set; } = residentSince;
    }
}
