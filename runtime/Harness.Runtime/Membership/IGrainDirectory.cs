using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>
/// The cluster-wide map from grain to the silo of its one activation. Registration is first-writer-wins per
/// grain, which is what makes concurrent first calls from different silos end with one activation.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Registers <paramref name="address"/> unless the grain is registered already, and returns the registered
    /// address (the caller's own when it won). An existing entry equal to <paramref name="replacing"/> (an
    /// entry on a silo known to be dead) is replaced atomically instead.
    /// </summary>
    Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? replacing, CancellationToken cancellationToken);

    /// <summary>Looks a grain up; null when it has no activation registered.</summary>
    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Removes the entry if it is still <paramref name="address"/> (a newer registration is kept).</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes every entry of a silo that has been declared dead; returns how many.</summary>
    Task<int> UnregisterSiloAsync(SiloAddress silo, CancellationToken cancellationToken);
}
