namespace Harness.GrainInterfaces.Chains;

/// <summary>Keys of the chain index grain.</summary>
public static class ChainIndexKeys
{
    /// <summary>The key of the cluster's one chain index.</summary>
    public const string All = "all";
}
