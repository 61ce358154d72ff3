using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains;

/// <summary>The chain index's checkpoint: the latest summary of every chain, by id.</summary>
internal sealed class ChainIndexState
{
    /// <summary>Gets or sets the summaries.</summary>
    public Dictionary<string, ChainSummary> Chains { get; set; } = new(StringComparer.Ordinal);
}
