namespace Harness.Grains.Agents;

/// <summary>The agent catalog's checkpoint.</summary>
internal sealed class AgentCatalogState
{
    /// <summary>Gets or sets the agent names, in ordinal order.</summary>
    public List<string> Names { get; set; } = [];
}
