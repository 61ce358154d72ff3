using Microsoft.Extensions.Logging;

namespace Harness.Grains.Inference.OpenAi;

public sealed partial class OpenAiCompatibleBackend
{
    [LoggerMessage(EventId = 1440, Level = LogLevel.Warning, Message = "Inference endpoint {Endpoint}: {Cause}; attempt {Attempt} of {MaxAttempts} in {DelayMs} ms.")]
    private static partial void LogRetrying(ILogger logger, string endpoint, int attempt, int maxAttempts, long delayMs, string cause);

    [LoggerMessage(EventId = 1441, Level = LogLevel.Warning, Message = "Inference endpoint {Endpoint}: {Cause} after {TokenCount} tokens; attempt {Attempt} of {MaxAttempts} continues from them in {DelayMs} ms.")]
    private static partial void LogContinuing(ILogger logger, string endpoint, int tokenCount, int attempt, int maxAttempts, long delayMs, string cause);
}
