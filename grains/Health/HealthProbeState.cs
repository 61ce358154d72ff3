namespace Harness.Grains.Health;

/// <summary>The health probe's checkpoint.</summary>
public sealed class HealthProbeState
{
    /// <summary>Gets or sets the number of checks served.</summary>
    public long Checks { get; set; }

    /// <summary>Gets or sets when the state was last written.</summary>
    public DateTimeOffset LastWrite { get; set; }
}
