namespace Harness.Runtime;

/// <summary>Runs around every call made through grain references of this silo or client.</summary>
public interface IOutgoingGrainCallFilter
{
    /// <summary>Handles one call.</summary>
    Task Invoke(IOutgoingGrainCallContext context);
}
