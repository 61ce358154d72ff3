namespace Harness.Runtime.Placement;

/// <summary>What a placement director may look at.</summary>
public interface IPlacementContext
{
    /// <summary>Gets the silo making the decision.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>Gets the active silos that can host <paramref name="target"/>, each with its advertised capabilities.</summary>
    IReadOnlyList<SiloInfo> GetCompatibleSilos(PlacementTarget target);
}
