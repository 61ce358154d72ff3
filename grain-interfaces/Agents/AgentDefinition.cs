using Harness.GrainInterfaces.Chains;

namespace Harness.GrainInterfaces.Agents;

/// <summary>
/// One registered version of an agent: what a chain node runs when it names the agent. Versions of the same agent
/// live side by side; a registered version never changes (register a new version instead).
/// </summary>
public sealed record AgentDefinition
{
    /// <summary>Gets the agent's name, which is also the key of its <see cref="IAgentGrain"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the version: a dotted number such as <c>1</c> or <c>2.1</c>, ordered numerically (<c>10</c> &gt; <c>9</c>).</summary>
    public required string Version { get; init; }

    /// <summary>Gets the model the agent runs on.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the tools the agent may call, each as <c>name</c> or <c>name@version</c>.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Gets the QoS class of chains that do not choose one.</summary>
    public QosClass DefaultQos { get; init; } = QosClass.Standard;

    /// <summary>Gets the budget the agent's spending is charged to, or null when unbudgeted.</summary>
    public string? BudgetReference { get; init; }

    /// <summary>Gets a free-text description, or null.</summary>
    public string? Description { get; init; }
}
