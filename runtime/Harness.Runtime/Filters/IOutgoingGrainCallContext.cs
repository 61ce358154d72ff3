namespace Harness.Runtime;

/// <summary>A call leaving a caller, as seen by outgoing call filters.</summary>
public interface IOutgoingGrainCallContext : IGrainCallContext
{
}
