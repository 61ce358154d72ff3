using Harness.GrainInterfaces.Inference;
using Harness.Grains.Inference.OpenAi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Tests.Inference.OpenAi;

/// <summary>Backends, requests and helpers shared by the OpenAI-compatible backend's tests.</summary>
public static class OpenAiTestBackends
{
    /// <summary>A bound on any one test's wait: a hang fails the test instead of stalling the run.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>Settings with millisecond retry delays and timeouts far above what a local server needs.</summary>
    public static OpenAiCompatibleOptions FastOptions() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        FirstByteTimeout = TimeSpan.FromSeconds(30),
        IdleTimeout = TimeSpan.FromSeconds(30),
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(10),
    };

    public static OpenAiCompatibleBackendFactory Factory(OpenAiCompatibleOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        new(Options.Create(options ?? FastOptions()), TimeProvider.System, loggerFactory);

    public static InferenceRequest Request(int maxTokens = 16) => new()
    {
        Model = "llama",
        Prompt = "Suggest one recipe using eggs and milk.",
        MaxTokens = maxTokens,
        Temperature = 0.7,
        TopP = 0.9,
        Seed = 42,
    };

    public static async Task<List<InferenceToken>> CollectAsync(IAsyncEnumerable<InferenceToken> stream, CancellationToken cancellationToken = default)
    {
        var tokens = new List<InferenceToken>();
        await foreach (var token in stream.WithCancellation(cancellationToken))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    public static Task<InferenceResult> RunAsync(
        this OpenAiCompatibleBackend backend,
        InferenceRequest request,
        Func<InferenceToken, CancellationToken, ValueTask>? onToken = null,
        CancellationToken cancellationToken = default) =>
        Harness.Grains.Inference.InferenceBackendExtensions.RunAsync(backend, request, TimeProvider.System, onToken, cancellationToken).WaitAsync(Guard, CancellationToken.None);
}
