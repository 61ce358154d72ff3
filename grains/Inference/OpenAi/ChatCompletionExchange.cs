using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// One streamed request to an endpoint and its response. Failures worth another attempt come back as values (so the
/// caller's iterator can retry between yields); refusals throw <see cref="InferenceBackendException"/>; the caller's
/// cancellation throws <see cref="OperationCanceledException"/>. Timeouts run on the injected clock: the first-byte
/// timeout until the response headers, then the idle timeout while (and only while) a read waits for data.
/// </summary>
internal sealed class ChatCompletionExchange : IDisposable
{
    private const string Section = OpenAiCompatibleOptions.ConfigurationSectionName;
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorMessageChars = 500;

    private readonly OpenAiEndpoint _endpoint;
    private readonly OpenAiCompatibleOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly int _attempt;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private ServerSentEventReader? _reader;
    private Failure? _pending;

    /// <summary>Initializes a new instance of the <see cref="ChatCompletionExchange"/> class.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock of the timeouts.</param>
    /// <param name="attempt">The attempt's number, from 1, for error messages.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public ChatCompletionExchange(OpenAiEndpoint endpoint, OpenAiCompatibleOptions options, TimeProvider timeProvider, int attempt, CancellationToken cancellationToken)
    {
        _endpoint = endpoint;
        _options = options;
        _timeProvider = timeProvider;
        _attempt = attempt;
        _callerToken = cancellationToken;
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
    }

    /// <summary>What a read of the stream produced.</summary>
    public enum StepKind
    {
        /// <summary>A text piece, possibly empty when it only carries the finish reason.</summary>
        Piece,

        /// <summary>The server's <c>[DONE]</c>.</summary>
        Done,

        /// <summary>The stream broke off; <see cref="Step.Failure"/> says how.</summary>
        Broken,
    }

    /// <summary>Sends the request and waits for the response headers.</summary>
    /// <param name="client">The client.</param>
    /// <param name="body">The JSON body.</param>
    /// <returns>Null when the stream is open, else the retryable failure.</returns>
    public async Task<Failure?> SendAsync(HttpClient client, byte[] body)
    {
        _request = new HttpRequestMessage(HttpMethod.Post, _endpoint.CompletionsUri) { Content = new ByteArrayContent(body) };
        _request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        _request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            _request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        _timeout.CancelAfter(_options.FirstByteTimeout);
        try
        {
            _response = await client.SendAsync(_request, HttpCompletionOption.ResponseHeadersRead, _linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
        {
            _callerToken.ThrowIfCancellationRequested();
            var cause = _timeout.IsCancellationRequested
                ? $"no response headers within {Format(_options.FirstByteTimeout)} ({Section}:FirstByteTimeout)"
                : exception is OperationCanceledException
                    ? $"no connection within {Format(_options.ConnectTimeout)} ({Section}:ConnectTimeout)"
                    : $"connection failed: {exception.Message}";
            return new Failure(cause, null, null, exception);
        }

        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        var status = (int)_response.StatusCode;
        if (_response.IsSuccessStatusCode)
        {
            var mediaType = _response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                var excerpt = await ReadErrorMessageAsync(_response).ConfigureAwait(false);
                throw Refused($"answered {Describe(_response)} with {mediaType} instead of a text/event-stream: {excerpt}", status);
            }

            var stream = await _response.Content.ReadAsStreamAsync(_linked.Token).ConfigureAwait(false);
            _reader = new ServerSentEventReader(stream, RestartIdleTimer);
            return null;
        }

        var message = await ReadErrorMessageAsync(_response).ConfigureAwait(false);
        if (status is 408 or 429 or >= 500)
        {
            TimeSpan? retryAfter = status is 429 or 503 ? RetryAfter(_response.Headers.RetryAfter) : null;
            return new Failure($"answered {Describe(_response)}: {message}", status, retryAfter, null);
        }

        throw Refused($"answered {Describe(_response)}: {message}", status);
    }

    /// <summary>Reads until the next text piece, the end, or a break.</summary>
    /// <returns>The step.</returns>
    public async Task<Step> NextAsync()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return new Step(StepKind.Broken, Failure: pending);
        }

        var reader = _reader ?? throw new InvalidOperationException("The request was not sent.");
        _timeout.CancelAfter(_options.IdleTimeout);
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte>? data;
                try
                {
                    data = await reader.ReadEventAsync(_linked.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
                {
                    _callerToken.ThrowIfCancellationRequested();
                    var cause = _timeout.IsCancellationRequested
                        ? $"the stream was idle for {Format(_options.IdleTimeout)} ({Section}:IdleTimeout)"
                        : $"the stream broke: {exception.Message}";
                    return new Step(StepKind.Broken, Failure: new Failure(cause, null, null, exception));
                }
                catch (InvalidDataException exception)
                {
                    throw Refused($"streamed malformed events: {exception.Message}", null);
                }

                if (data is not { } json)
                {
                    return new Step(StepKind.Broken, Failure: new Failure("the stream ended before [DONE]", null, null, null));
                }

                if (json.Span.SequenceEqual("[DONE]"u8))
                {
                    return new Step(StepKind.Done);
                }

                ChatCompletionChunk chunk;
                try
                {
                    chunk = ChatCompletionChunk.Parse(json);
                }
                catch (JsonException)
                {
                    throw Refused($"streamed an event that is not a chat completion chunk: {Excerpt(Encoding.UTF8.GetString(json.Span))}", null);
                }

                if (chunk.Error is { } error)
                {
                    var text = $"streamed an error{(chunk.ErrorCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" ({code})") : string.Empty)}: {Excerpt(error)}";
                    if (chunk.ErrorCode is 408 or 429 or >= 500)
                    {
                        return new Step(StepKind.Broken, Failure: new Failure(text, chunk.ErrorCode, null, null));
                    }

                    throw Refused(text, chunk.ErrorCode);
                }

                var content = chunk.Content ?? string.Empty;
                if (chunk.FinishReason is "abort" or "error")
                {
                    // vLLM ends a request it aborted (shutdown, engine failure) this way: the text is unfinished, so
                    // it is continued like any broken stream.
                    var failure = new Failure($"the server ended the stream with finish_reason '{chunk.FinishReason}'", null, null, null);
                    if (content.Length == 0)
                    {
                        return new Step(StepKind.Broken, Failure: failure);
                    }

                    _pending = failure;
                    return new Step(StepKind.Piece, content);
                }

                if (content.Length > 0 || chunk.FinishReason is not null)
                {
                    return new Step(StepKind.Piece, content, MapFinishReason(chunk.FinishReason));
                }
            }
        }
        finally
        {
            // The clock stops while the caller handles the token: a slow consumer is not an idle server.
            if (!_timeout.IsCancellationRequested)
            {
                _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader?.Dispose();
        _response?.Dispose();
        _request?.Dispose();
        _linked.Dispose();
        _timeout.Dispose();
    }

    /// <summary>Formats a duration for messages, e.g. <c>300ms</c> or <c>1.5s</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    internal static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms");

    // "stop", "length" and, by OpenAI's and vLLM's conventions, every other reason (tool_calls, content_filter, ...)
    // mean the model is done; only "length" says the budget ran out.
    private static InferenceFinishReason? MapFinishReason(string? reason) => reason switch
    {
        null => null,
        "length" => InferenceFinishReason.Length,
        _ => InferenceFinishReason.Stop,
    };

    private static string Describe(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase)
            ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} ({response.ReasonPhrase})");

    private static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > MaxErrorMessageChars ? string.Concat(trimmed.AsSpan(0, MaxErrorMessageChars), "…") : trimmed;
    }

    private void RestartIdleTimer() => _timeout.CancelAfter(_options.IdleTimeout);

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Reads the server's error message: the <c>message</c> of an error body, else the body's first characters.</summary>
    private async Task<string> ReadErrorMessageAsync(HttpResponseMessage response)
    {
        string body;
        try
        {
            // A body that trickles must not outlast the idle timeout; one that never ends is cut at the limit.
            _timeout.CancelAfter(_options.IdleTimeout);
            await using var stream = await response.Content.ReadAsStreamAsync(_linked.Token).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), _linked.Token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            body = Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            _callerToken.ThrowIfCancellationRequested();
            return "(the body could not be read)";
        }
        finally
        {
            if (!_timeout.IsCancellationRequested)
            {
                _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (ChatCompletionChunk.ErrorMessage(document.RootElement) is { } error)
            {
                return Excerpt(error.Message);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): the body speaks for itself.
        }

        return body.Length == 0 ? "(empty body)" : Excerpt(body);
    }

    private InferenceBackendException Refused(string what, int? status) =>
        new($"Inference endpoint {_endpoint.Display} {what}", _endpoint.Uri, status, _attempt);

    /// <summary>One read's outcome.</summary>
    /// <param name="Kind">What was read.</param>
    /// <param name="Text">The piece, for <see cref="StepKind.Piece"/>.</param>
    /// <param name="Finish">The finish reason the piece carries, or null.</param>
    /// <param name="Failure">How the stream broke, for <see cref="StepKind.Broken"/>.</param>
    internal readonly record struct Step(StepKind Kind, string Text = "", InferenceFinishReason? Finish = null, Failure? Failure = null);

    /// <summary>A failed attempt that may be retried.</summary>
    /// <param name="Cause">What happened, phrased to follow the endpoint's name.</param>
    /// <param name="StatusCode">The HTTP status, or null when none came.</param>
    /// <param name="RetryAfter">The server's <c>Retry-After</c>, or null.</param>
    /// <param name="Exception">The exception behind it, or null.</param>
    internal sealed record Failure(string Cause, int? StatusCode, TimeSpan? RetryAfter, Exception? Exception);
}
