namespace Harness.GrainInterfaces.Chains;

/// <summary>What one attempt of a node needs from a device.</summary>
public sealed record ResourceDemand
{
    /// <summary>Gets the device kind, e.g. <c>cpu</c> or <c>gpu</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Gets the accelerator memory needed, in MiB.</summary>
    public long VramMb { get; init; }

    /// <summary>Gets the expected run time of one attempt, or null when unknown.</summary>
    public TimeSpan? ExpectedDuration { get; init; }
}
