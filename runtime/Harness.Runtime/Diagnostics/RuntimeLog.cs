using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Diagnostics;

/// <summary>The runtime's log messages (source-generated, so a disabled level costs a branch).</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    public partial void ActivationFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    public partial void DeactivationFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Grain {GrainId} deactivated ({Reason})")]
    public partial void Deactivated(GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "A turn of grain {GrainId} threw")]
    public partial void TurnFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "One-way call {Interface}.{Method} to grain {GrainId} failed")]
    public partial void OneWayCallFailed(string @interface, string method, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Grain {GrainId} could not be removed from the grain directory; the entry is reused by its next activation here")]
    public partial void UnregisterFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Silo {Silo} ({SiloName}) started with {GrainClassCount} grain classes")]
    public partial void SiloStarted(string silo, string siloName, int grainClassCount);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Silo {Silo} stopping: deactivating {ActivationCount} activations")]
    public partial void SiloStopping(string silo, int activationCount);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Silo {Silo} shutdown timed out after {Timeout} with {ActivationCount} activations left")]
    public partial void ShutdownTimedOut(string silo, TimeSpan timeout, int activationCount);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Silo {Silo} shutdown step failed: {Step}; the shutdown goes on")]
    public partial void ShutdownStepFailed(string silo, string step, Exception exception);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Silo {Silo} stopped")]
    public partial void SiloStopped(string silo);

    [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    public partial void CollectedIdle(int count);
}
