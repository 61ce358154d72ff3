namespace Harness.GrainInterfaces.Agents;

/// <summary>Keys of the agent catalog grain.</summary>
public static class AgentCatalogKeys
{
    /// <summary>The key of the cluster's one agent catalog.</summary>
    public const string All = "all";
}
