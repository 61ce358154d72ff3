namespace Harness.Runtime;

/// <summary>
/// Runs around every call a grain receives (auth, audit, tracing at the grain boundary). Registered in DI;
/// filters run in registration order and must call <see cref="IGrainCallContext.Invoke"/> to continue.
/// </summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles one call.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}
