using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains.Execution;

/// <summary>
/// The whole state of a chain, written after every completed node before the next starts: a chain whose silo dies
/// resumes from here, one node back at most.
/// </summary>
internal sealed class ChainCheckpoint
{
    /// <summary>Gets or sets the definition; null before submission.</summary>
    public ChainDefinition? Definition { get; set; }

    /// <summary>Gets or sets the inputs.</summary>
    public Dictionary<string, string> Inputs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the agent; null for none.</summary>
    public string? Agent { get; set; }

    /// <summary>Gets or sets the agent version resolved at submission.</summary>
    public string? AgentVersion { get; set; }

    /// <summary>Gets or sets the QoS class.</summary>
    public QosClass Qos { get; set; }

    /// <summary>Gets or sets the status.</summary>
    public ChainStatus Status { get; set; }

    /// <summary>Gets or sets every node's state, by id.</summary>
    public Dictionary<string, NodeCheckpoint> Nodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the nodes reached and not yet run, in order; the first is next.</summary>
    public List<string> Ready { get; set; } = [];

    /// <summary>Gets or sets the node whose attempt was running when this was written (long nodes mark their start); null otherwise.</summary>
    public string? Running { get; set; }

    /// <summary>Gets or sets the runtime variables.</summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the last node completed.</summary>
    public string? LastCompleted { get; set; }

    /// <summary>Gets or sets the number of checkpoints written.</summary>
    public long Checkpoints { get; set; }

    /// <summary>Gets or sets when the last checkpoint was written.</summary>
    public DateTimeOffset? LastCheckpointAt { get; set; }

    /// <summary>Gets or sets the work redone.</summary>
    public WastedWork Wasted { get; set; } = new();

    /// <summary>Gets or sets the tokens of every node.</summary>
    public long Tokens { get; set; }

    /// <summary>Gets or sets the node-seconds of every attempt.</summary>
    public double NodeSeconds { get; set; }

    /// <summary>Gets or sets the result of a succeeded chain.</summary>
    public string? Result { get; set; }

    /// <summary>Gets or sets why the chain failed or was cancelled.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets whether a pause was asked for (it takes effect at the next node boundary).</summary>
    public bool PauseRequested { get; set; }

    /// <summary>Gets or sets when the chain was accepted.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the state last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets every event, in sequence order.</summary>
    public List<ChainEvent> Events { get; set; } = [];

    /// <summary>Gets whether the chain has ended.</summary>
    public bool HasEnded => Status is ChainStatus.Succeeded or ChainStatus.Failed or ChainStatus.Cancelled;
}
