using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>One reading of the membership table, as this silo last saw it (immutable).</summary>
internal sealed class ClusterView
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _bySilo;

    public ClusterView(IReadOnlyList<MembershipEntry> entries)
    {
        Entries = entries;
        _bySilo = entries.ToDictionary(e => e.Silo);
        ActiveSilos = [.. entries.Where(e => e.Status == SiloStatus.Active).Select(e => new SiloInfo(e.Silo, e.Capabilities))];
    }

    public static ClusterView Empty { get; } = new([]);

    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>Gets the silos that accept new activations, with what they advertised.</summary>
    public IReadOnlyList<SiloInfo> ActiveSilos { get; }

    /// <summary>
    /// Gets a value indicating whether <paramref name="silo"/> has been declared dead (or left). A silo the view
    /// does not know yet (it joined after the last reading) is not dead: only the table may declare death.
    /// </summary>
    public bool IsDead(SiloAddress silo) => _bySilo.TryGetValue(silo, out var entry) && entry.Status == SiloStatus.Dead;

    /// <summary>Gets the silos dead in this view that were not dead in <paramref name="previous"/>.</summary>
    public IEnumerable<SiloAddress> NewlyDead(ClusterView previous) =>
        Entries.Where(e => e.Status == SiloStatus.Dead && !previous.IsDead(e.Silo)).Select(e => e.Silo);
}
