using Microsoft.Extensions.Logging;

namespace Harness.Grains.Tools;

public sealed partial class ToolRegistry
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Invoking tool {ToolName} v{ToolVersion} for call {CallKey}.")]
    private static partial void LogInvoking(ILogger logger, string toolName, string toolVersion, string callKey);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Tool call {CallKey} of {ToolName} v{ToolVersion} already completed: returning the recorded result without repeating it.")]
    private static partial void LogReplayed(ILogger logger, string toolName, string toolVersion, string callKey);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Tool call {CallKey} of {ToolName} is already running: waiting for its result.")]
    private static partial void LogJoined(ILogger logger, string toolName, string callKey);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Tool {ToolName} v{ToolVersion} returned {SizeBytes} bytes for call {CallKey}, over the limit of {LimitBytes} bytes: rejected.")]
    private static partial void LogOversize(ILogger logger, string toolName, string toolVersion, string callKey, int sizeBytes, int limitBytes);
}
