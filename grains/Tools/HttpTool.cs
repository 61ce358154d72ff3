using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Harness.Grains.Chains.Definitions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Tools;

/// <summary>
/// The built-in <c>http</c> tool. Arguments: <c>method</c> (default GET), <c>url</c>, <c>headers</c> ("Name: value"
/// lines or a JSON object), <c>body</c>, <c>timeout</c> (e.g. <c>10s</c>). Only hosts in
/// <see cref="HttpToolOptions.AllowedHosts"/> are called. The result is <c>{"status": code, "body": ...}</c>, the body
/// as JSON when it parses, else as a string; a non-2xx status fails the call.
/// </summary>
public sealed class HttpTool : ITool, IDisposable
{
    private const int ExcerptChars = 200;
    private readonly HttpClient _client;
    private readonly IOptionsMonitor<HttpToolOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="HttpTool"/> class.</summary>
    /// <param name="handler">The handler that sends requests.</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock the timeout runs on.</param>
    /// <param name="disposeHandler">Whether disposing the tool disposes <paramref name="handler"/>.</param>
    public HttpTool(HttpMessageHandler handler, IOptionsMonitor<HttpToolOptions> options, TimeProvider timeProvider, bool disposeHandler = false)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "http";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <inheritdoc />
    public async Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var options = _options.CurrentValue;
        using var request = BuildRequest(call, options);
        var timeout = ParseTimeout(call.GetArgument("timeout"), options.DefaultTimeout);

        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, request, options.MaxResponseBytes, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = body.Length > ExcerptChars ? string.Concat(body.AsSpan(0, ExcerptChars), "…") : body;
                throw new ToolException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Tool 'http': {request.Method} {request.RequestUri} returned {status} {response.ReasonPhrase}: {excerpt}"));
            }

            return BuildResult(status, body);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ToolException($"Tool 'http': {request.Method} {request.RequestUri} timed out after {FormatTimeout(timeout)} (argument 'timeout').");
        }
        catch (HttpRequestException exception)
        {
            throw new ToolException($"Tool 'http': {request.Method} {request.RequestUri} failed: {exception.Message}", exception);
        }
    }

    /// <summary>Reads the body as UTF-8, failing as soon as it is known to exceed <paramref name="limit"/> bytes.</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, HttpRequestMessage request, int limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > limit)
        {
            throw TooLarge(request, declared.ToString(CultureInfo.InvariantCulture), limit);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(request, "more than " + limit.ToString(CultureInfo.InvariantCulture), limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ToolException TooLarge(HttpRequestMessage request, string size, int limit) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Tool 'http': {request.Method} {request.RequestUri} answered {size} bytes; the limit is {limit} bytes ({HttpToolOptions.ConfigurationSectionName}:MaxResponseBytes)."));

    private static HttpRequestMessage BuildRequest(ToolCall call, HttpToolOptions options)
    {
        var url = call.GetArgument("url");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ToolException("Tool 'http' needs the argument 'url'.");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ToolException($"Tool 'http': argument 'url' must be an absolute http or https URL, not '{url}'.");
        }

        var allowed = (options.AllowedHosts ?? []).Select(static h => AllowedHost.TryParse(h, out var host) ? host : null);
        if (!allowed.Any(h => h is not null && h.Allows(uri)))
        {
            var hostText = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
            throw new ToolException($"Tool 'http': host '{hostText}' is not allowed; add it to {HttpToolOptions.ConfigurationSectionName}:AllowedHosts to call it.");
        }

        var methodText = call.GetArgument("method");
        var method = string.IsNullOrWhiteSpace(methodText) ? HttpMethod.Get : new HttpMethod(methodText.Trim().ToUpperInvariant());
        var request = new HttpRequestMessage(method, uri);
        try
        {
            var headers = ParseHeaders(call.GetArgument("headers"));
            var body = call.GetArgument("body");
            string? contentType = null;
            if (!string.IsNullOrEmpty(body))
            {
                contentType = headers.FirstOrDefault(static h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value
                    ?? (ToolResult.FromJsonOrString(body).Json == body.Trim() ? "application/json" : "text/plain");
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && contentType is not null)
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, value)
                    && (request.Content is null || !request.Content.Headers.TryAddWithoutValidation(name, value)))
                {
                    throw new ToolException($"Tool 'http': header '{name}' cannot be sent.");
                }
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(string? text)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return headers;
        }

        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                    headers.Add(new(property.Name, value));
                }

                return headers;
            }
            catch (JsonException exception)
            {
                throw new ToolException($"Tool 'http': argument 'headers' is not a valid JSON object: {exception.Message}", exception);
            }
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ToolException($"Tool 'http': header line '{line}' must be 'Name: value'.");
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static TimeSpan ParseTimeout(string? text, TimeSpan defaultTimeout)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultTimeout;
        }

        if (!DurationText.TryParse(text, out var timeout) || timeout <= TimeSpan.Zero)
        {
            throw new ToolException($"Tool 'http': argument 'timeout' must be a positive duration such as '10s', not '{text}'.");
        }

        return timeout;
    }

    private static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###}s")
            : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMilliseconds:0.###}ms");

    private static ToolResult BuildResult(int status, string body)
    {
        var bodyJson = ToolResult.FromJsonOrString(body).Json;
        return new ToolResult(string.Create(CultureInfo.InvariantCulture, $"{{\"status\":{status},\"body\":{bodyJson}}}"));
    }
}
