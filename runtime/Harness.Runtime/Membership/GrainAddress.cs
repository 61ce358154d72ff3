using Harness.Runtime.Placement;

namespace Harness.Runtime.Membership;

/// <summary>Where a grain's single activation lives.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="Silo">The silo hosting its activation.</param>
public readonly record struct GrainAddress(GrainId GrainId, SiloAddress Silo);
