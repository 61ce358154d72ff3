namespace Harness.Runtime.Placement;

/// <summary>An active silo as placement sees it.</summary>
/// <param name="Address">The silo.</param>
/// <param name="Capabilities">What it advertised most recently.</param>
public sealed record SiloInfo(SiloAddress Address, SiloCapabilities Capabilities);
