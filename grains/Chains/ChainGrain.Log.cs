using Harness.GrainInterfaces.Chains;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Chains;

/// <summary>The chain grain's log messages.</summary>
internal sealed partial class ChainGrain
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Chain {ChainId} ({Name}, {NodeCount} nodes, {Qos}) accepted.")]
    private static partial void LogSubmitted(ILogger logger, string chainId, string name, int nodeCount, QosClass qos);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Chain {ChainId} ended {Status}: {Detail}")]
    private static partial void LogEnded(ILogger logger, string chainId, ChainStatus status, string? detail);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Chain {ChainId}: node {NodeId} attempt {Attempt} failed and is retried: {Error}")]
    private static partial void LogNodeRetry(ILogger logger, string chainId, string nodeId, int attempt, string error);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Chain {ChainId}: node {NodeId} preempted with {SavedTokens} tokens saved, {LatencyMs} ms from signal to checkpoint.")]
    private static partial void LogPreempted(ILogger logger, string chainId, string nodeId, int savedTokens, double latencyMs);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "Chain {ChainId}: the run stopped on an unexpected error; the recovery reminder resumes it from its checkpoint.")]
    private static partial void LogRunFailed(ILogger logger, string chainId, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Chain {ChainId}: publishing an event on its stream failed (the event stays readable from the chain).")]
    private static partial void LogPublishFailed(ILogger logger, string chainId, Exception exception);
}
