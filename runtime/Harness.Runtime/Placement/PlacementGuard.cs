namespace Harness.Runtime.Placement;

/// <summary>Shared precondition of the built-in directors.</summary>
internal static class PlacementGuard
{
    public static IReadOnlyList<SiloInfo> RequireSilos(IPlacementContext context, PlacementTarget target)
    {
        var silos = context.GetCompatibleSilos(target);
        return silos.Count > 0
            ? silos
            : throw new PlacementException($"No active silo can host grain {target.GrainId} ({target.GrainClass.Name}).");
    }
}
