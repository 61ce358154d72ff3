namespace Harness.GrainInterfaces.Chains;

/// <summary>
/// One node (atomic capability) of a chain. Which fields apply depends on <see cref="Type"/>: <see cref="Model"/>
/// and <see cref="Prompt"/> (and optionally <see cref="Image"/>) for <c>llm</c>/<c>vlm</c>, <see cref="Tool"/> for
/// <c>tool</c>, <see cref="Expression"/> for <c>transform</c>. Text fields are templates that reference
/// <c>{{inputs.x}}</c>, <c>{{nodes.id.output...}}</c> or <c>{{vars.x}}</c>.
/// </summary>
public sealed record NodeDefinition
{
    /// <summary>Gets the node's id, unique within the chain.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the capability this node runs.</summary>
    public required NodeType Type { get; init; }

    /// <summary>Gets the model name (<c>llm</c>, <c>vlm</c>).</summary>
    public string? Model { get; init; }

    /// <summary>Gets the prompt template (<c>llm</c>, <c>vlm</c>).</summary>
    public string? Prompt { get; init; }

    /// <summary>Gets the image template (<c>vlm</c>, optional).</summary>
    public string? Image { get; init; }

    /// <summary>Gets the tool to call (<c>tool</c>).</summary>
    public ToolInvocation? Tool { get; init; }

    /// <summary>Gets the expression template (<c>transform</c>).</summary>
    public string? Expression { get; init; }

    /// <summary>Gets how long one attempt may run, or null for the runtime default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the retry policy, or null for a single attempt.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Gets the id of the node taken when retries are exhausted, or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>Gets the resources one attempt needs, or null for a CPU default.</summary>
    public ResourceDemand? Resources { get; init; }

    /// <summary>Gets the iteration bound for a node on a cycle, or null when the node is not on one.</summary>
    public LoopPolicy? Loop { get; init; }
}
