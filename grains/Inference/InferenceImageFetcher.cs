using Harness.Grains.Tools;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference;

/// <summary>
/// Fetches the image of a vision request: a <c>data:</c> URL inline, or an http(s) URL on a host of
/// <c>Harness:Tools:Http:AllowedHosts</c> (the silo's one allow-list for outbound calls), at most
/// <see cref="InferenceOptions.MaxImageBytes"/>. Errors name the reference and the setting to change.
/// </summary>
internal sealed class InferenceImageFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly IOptionsMonitor<HttpToolOptions> _http;
    private readonly IOptionsMonitor<InferenceOptions> _options;
    private readonly TimeProvider _time;

    public InferenceImageFetcher(IOptionsMonitor<HttpToolOptions> http, IOptionsMonitor<InferenceOptions> options, TimeProvider time)
        : this(new SocketsHttpHandler { AllowAutoRedirect = false }, http, options, time)
    {
    }

    internal InferenceImageFetcher(HttpMessageHandler handler, IOptionsMonitor<HttpToolOptions> http, IOptionsMonitor<InferenceOptions> options, TimeProvider time)
    {
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http = http;
        _options = options;
        _time = time;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Returns the image's bytes.</summary>
    /// <param name="reference">A <c>data:</c> URL or an http(s) URL.</param>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">The reference is not usable; the message says why.</exception>
    public async Task<byte[]> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var limit = _options.CurrentValue.MaxImageBytes;
        if (reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DecodeDataUrl(reference, limit);
        }

        if (!Uri.TryCreate(reference.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Image '{Excerpt(reference)}' must be an http(s) URL or a data: URL.");
        }

        var allowed = (_http.CurrentValue.AllowedHosts ?? []).Select(static h => AllowedHost.TryParse(h, out var host) ? host : null);
        if (!allowed.Any(h => h is not null && h.Allows(uri)))
        {
            throw new ArgumentException(
                $"Image '{uri}': host '{uri.Authority}' is not allowed; add it to {HttpToolOptions.ConfigurationSectionName}:AllowedHosts to fetch images from it.");
        }

        var timeout = _options.CurrentValue.ImageFetchTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ArgumentException($"Image '{uri}': the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return await ReadLimitedAsync(response.Content, uri, limit, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ArgumentException($"Image '{uri}': not fetched within {timeout.TotalSeconds:0.#} s ({InferenceOptions.ConfigurationSectionName}:ImageFetchTimeout).");
        }
        catch (HttpRequestException exception)
        {
            throw new ArgumentException($"Image '{uri}': the fetch failed: {exception.Message}", exception);
        }
    }

    private static byte[] DecodeDataUrl(string reference, int limit)
    {
        var comma = reference.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || !reference.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Image '{Excerpt(reference)}': a data: URL must be base64 (data:image/png;base64,...).");
        }

        var payload = reference.AsSpan(comma + 1);
        if ((payload.Length / 4 * 3) > limit + 3)
        {
            throw new ArgumentException($"Image '{Excerpt(reference)}' is over {limit} bytes ({InferenceOptions.ConfigurationSectionName}:MaxImageBytes).");
        }

        var bytes = new byte[((payload.Length + 3) / 4) * 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written))
        {
            throw new ArgumentException($"Image '{Excerpt(reference)}': the data: URL is not valid base64.");
        }

        return written > limit
            ? throw new ArgumentException($"Image '{Excerpt(reference)}' is over {limit} bytes ({InferenceOptions.ConfigurationSectionName}:MaxImageBytes).")
            : bytes[..written];
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, Uri uri, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > limit)
        {
            throw new ArgumentException($"Image '{uri}' is {length} bytes, over {limit} ({InferenceOptions.ConfigurationSectionName}:MaxImageBytes).");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ArgumentException($"Image '{uri}' is over {limit} bytes ({InferenceOptions.ConfigurationSectionName}:MaxImageBytes).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Excerpt(string reference) => reference.Length <= 60 ? reference : string.Concat(reference.AsSpan(0, 60), "…");
}
