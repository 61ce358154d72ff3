namespace Harness.Runtime.Placement;

/// <summary>The activation being placed.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="GrainClass">Its implementation class.</param>
public readonly record struct PlacementTarget(GrainId GrainId, Type GrainClass);
