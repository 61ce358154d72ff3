namespace Harness.GrainInterfaces.Chains;

/// <summary>A page of a chain's events.</summary>
public sealed record ChainEventPage
{
    /// <summary>Gets the events, in sequence order.</summary>
    public required IReadOnlyList<ChainEvent> Events { get; init; }

    /// <summary>Gets whether the chain has ended (no event follows the last one).</summary>
    public required bool Ended { get; init; }
}
