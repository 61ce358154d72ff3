using Harness.Runtime;

namespace Harness.GrainInterfaces.Agents;

/// <summary>The names of every registered agent (one grain, key <see cref="AgentCatalogKeys.All"/>), so agents can be listed.</summary>
public interface IAgentCatalogGrain : IGrainWithStringKey
{
    /// <summary>Adds an agent name (idempotent).</summary>
    /// <param name="name">The agent name.</param>
    /// <returns>A task that completes when it is persisted.</returns>
    Task Add(string name);

    /// <summary>Lists the agent names, in ordinal order.</summary>
    /// <returns>The names.</returns>
    Task<IReadOnlyList<string>> List();
}
