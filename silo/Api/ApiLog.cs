using Microsoft.Extensions.Logging;

namespace Harness.Silo.Api;

/// <summary>The HTTP API's log lines.</summary>
internal static partial class ApiLog
{
    /// <summary>The log category of the API's own lines.</summary>
    public const string Category = "Harness.Silo.Api";

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Event stream of chain {ChainId} ended by an error after event {Sequence}")]
    public static partial void EventStreamFailed(ILogger logger, string chainId, long sequence, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Device {DeviceId} of silo {Silo} did not answer: {Error}")]
    public static partial void DeviceUnreachable(ILogger logger, string silo, string deviceId, string error);
}
