namespace Harness.Runtime;

/// <summary>A call arriving at a grain, as seen by incoming call filters (they run as part of the grain's turn).</summary>
public interface IIncomingGrainCallContext : IGrainCallContext
{
    /// <summary>Gets the grain instance being called.</summary>
    object Grain { get; }
}
