using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Inference;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// Streams chat completions from one OpenAI-compatible server (vLLM, TGI, llama.cpp server, Ollama) at a base URL such
/// as <c>http://gpu-node:8000/v1</c>; requests go to <c>{base}/chat/completions</c>. The prompt is sent as one user
/// message, each streamed <c>delta.content</c> becomes one token (the server's token ids are not reported, so
/// <see cref="InferenceToken.Id"/> is null). Transient failures are retried with backoff; a stream that breaks after
/// some tokens is continued from them, so the caller sees one stream with consecutive indices. Create instances with
/// <see cref="OpenAiCompatibleBackendFactory"/>.
/// </summary>
/// <remarks>
/// Resuming (<see cref="InferenceRequest.ResumeFrom"/>, and continuing a broken stream) sends the text so far as an
/// assistant message with vLLM's <c>continue_final_message</c>, so the model extends that message. The continuation
/// equals the uninterrupted text only as far as the server's sampling is reproducible: greedy decoding or a seed, the
/// same model and batch-invariant kernels; and the text is re-tokenized from characters, which can split differently
/// from the original tokens. Servers without that extension may ignore it and start a new reply.
/// </remarks>
public sealed partial class OpenAiCompatibleBackend : IInferenceBackend
{
    private const string Section = OpenAiCompatibleOptions.ConfigurationSectionName;

    private readonly OpenAiEndpoint _endpoint;
    private readonly HttpClient _client;
    private readonly OpenAiCompatibleOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="OpenAiCompatibleBackend"/> class.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="client">The client, shared by every endpoint of the factory and owned by it.</param>
    /// <param name="options">The validated settings.</param>
    /// <param name="timeProvider">The clock of the timeouts and retry delays.</param>
    /// <param name="logger">The logger.</param>
    internal OpenAiCompatibleBackend(OpenAiEndpoint endpoint, HttpClient client, OpenAiCompatibleOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _endpoint = endpoint;
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "openai-compatible";

    /// <summary>Gets the endpoint's base URL, without a trailing slash.</summary>
    public Uri Endpoint => _endpoint.Uri;

    /// <inheritdoc />
    public bool SupportsVision => _options.SupportsVision;

    /// <inheritdoc />
    public bool SupportsModel(string model) => _options.Models.Length == 0 || Array.IndexOf(_options.Models, model) >= 0;

    /// <summary>
    /// Estimates the token count as a quarter of the UTF-8 bytes, rounded up: the server's tokenizer is not at hand,
    /// and the figure only feeds a statistic (<see cref="InferenceResult.PromptTokenCount"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimate.</returns>
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + 3) / 4;

    /// <inheritdoc />
    public IAsyncEnumerable<InferenceToken> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        InferenceRequestChecks.ValidateSampling(request);

        if (!SupportsModel(request.Model))
        {
            throw new NotSupportedException(
                $"Backend '{Name}' at {_endpoint.Display} does not serve model '{request.Model}' ({Section}:Models).");
        }

        int? priority = _options.PriorityScheduling ? Priority(request.Qos) : null;
        string? imageDataUrl = null;
        if (request.ImageData is not null || request.ImageReference is not null)
        {
            if (!SupportsVision)
            {
                throw new NotSupportedException(
                    $"no vision-capable backend for model '{request.Model}': the OpenAI-compatible endpoint {_endpoint.Display} cannot read images ({Section}:SupportsVision is false).");
            }

            if (request.ImageData is not { Length: > 0 } image)
            {
                throw new ArgumentException(
                    $"InferenceRequest.ImageData must hold the bytes of the image '{request.ImageReference}': the OpenAI-compatible endpoint is sent images inline, so the caller fetches them.",
                    nameof(request));
            }

            var mediaType = ImageMediaType(image)
                ?? throw new ArgumentException("InferenceRequest.ImageData is not a PNG, JPEG, GIF or WebP image.", nameof(request));
            imageDataUrl = string.Concat("data:", mediaType, ";base64,", Convert.ToBase64String(image));
        }

        return GenerateCoreAsync(request, imageDataUrl, priority, cancellationToken);
    }

    // vLLM's request schema: "The priority of the request (lower means earlier handling; default: 0). Any priority other
    // than 0 will raise an error if the served model does not use priority scheduling." (vllm/entrypoints/openai
    // protocol, ChatCompletionRequest.priority). Realtime keeps the default 0, so it is never behind other clients.
    private static int Priority(QosClass qos) => qos switch
    {
        QosClass.Realtime => 0,
        QosClass.Standard => 1,
        QosClass.Background => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(qos), qos, "InferenceRequest.Qos is not a known QoS class."),
    };

    /// <summary>Names an image's format from its first bytes, as a <c>data:</c> URL needs it.</summary>
    private static string? ImageMediaType(ReadOnlySpan<byte> image)
    {
        if (image.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (image.StartsWith("GIF87a"u8) || image.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (image.Length >= 12 && image.StartsWith("RIFF"u8) && image.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    private async IAsyncEnumerable<InferenceToken> GenerateCoreAsync(
        InferenceRequest request,
        string? imageDataUrl,
        int? priority,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var received = new List<string>();
        var failures = 0;
        ChatCompletionExchange.Failure? lastFailure = null;
        while (true)
        {
            var index = request.ResumeFrom.Count + received.Count;

            // Nothing left to generate (resumed at the limit, or broken after the last token): RunAsync reports Length.
            if (index >= request.MaxTokens)
            {
                yield break;
            }

            if (lastFailure is not null)
            {
                var delay = RetryDelay(failures, lastFailure.RetryAfter);
                if (received.Count == 0)
                {
                    LogRetrying(_logger, _endpoint.Display, failures + 1, _options.MaxRetries + 1, (long)delay.TotalMilliseconds, lastFailure.Cause);
                }
                else
                {
                    LogContinuing(_logger, _endpoint.Display, received.Count, failures + 1, _options.MaxRetries + 1, (long)delay.TotalMilliseconds, lastFailure.Cause);
                }

                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var prefix = index == 0 ? null : string.Concat(string.Concat(request.ResumeFrom), string.Concat(received));
            var body = ChatCompletionRequestBody.Write(request, imageDataUrl, prefix, request.MaxTokens - index, priority);
            using var exchange = new ChatCompletionExchange(_endpoint, _options, _timeProvider, failures + 1, cancellationToken);
            lastFailure = await exchange.SendAsync(_client, body).ConfigureAwait(false);
            while (lastFailure is null)
            {
                var step = await exchange.NextAsync().ConfigureAwait(false);
                switch (step.Kind)
                {
                    case ChatCompletionExchange.StepKind.Piece:
                        received.Add(step.Text);
                        yield return new InferenceToken(index++, step.Text, step.Finish);

                        // What follows the finish (the usage chunk, [DONE]) says nothing more; the handler drains it.
                        if (step.Finish is not null)
                        {
                            yield break;
                        }

                        break;
                    case ChatCompletionExchange.StepKind.Done:
                        yield break;
                    default:
                        lastFailure = step.Failure;
                        break;
                }
            }

            failures++;
            if (failures > _options.MaxRetries)
            {
                throw GaveUp(failures, received.Count, lastFailure);
            }
        }
    }

    private InferenceBackendException GaveUp(int attempts, int streamed, ChatCompletionExchange.Failure failure)
    {
        var after = streamed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {streamed} tokens streamed") : string.Empty;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"Inference endpoint {_endpoint.Display} failed {attempts} attempts ({Section}:MaxRetries is {_options.MaxRetries}{after}); the last: {failure.Cause}");
        return new InferenceBackendException(message, _endpoint.Uri, failure.StatusCode, attempts, failure.Exception);
    }

    /// <summary>
    /// Doubles <see cref="OpenAiCompatibleOptions.RetryBaseDelay"/> per failure up to the maximum, less a random part
    /// of up to half so that silos do not retry in lockstep; a server's Retry-After is waited out, within the maximum.
    /// </summary>
    private TimeSpan RetryDelay(int failures, TimeSpan? retryAfter)
    {
        var maxMs = _options.RetryMaxDelay.TotalMilliseconds;
        var exponentialMs = Math.Min(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)), maxMs);
        var delayMs = exponentialMs * (1 - (Random.Shared.NextDouble() / 2));
        if (retryAfter is { } after && after.TotalMilliseconds > delayMs)
        {
            delayMs = Math.Min(after.TotalMilliseconds, maxMs);
        }

        return TimeSpan.FromMilliseconds(delayMs);
    }
}
