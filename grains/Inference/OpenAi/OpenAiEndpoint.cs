namespace Harness.Grains.Inference.OpenAi;

/// <summary>An endpoint's base URL (e.g. <c>http://gpu-node:8000/v1</c>) and the chat completions URL under it.</summary>
/// <param name="Uri">The base URL, without a trailing slash.</param>
/// <param name="Display">The base URL as messages show it.</param>
/// <param name="CompletionsUri">The URL requests go to: <c>{base}/chat/completions</c>.</param>
internal sealed record OpenAiEndpoint(Uri Uri, string Display, Uri CompletionsUri)
{
    /// <summary>Checks and normalizes a base URL.</summary>
    /// <param name="endpoint">An absolute http or https URL, with or without a trailing slash.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL, or has a query, fragment or user info.</exception>
    public static OpenAiEndpoint Parse(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"An OpenAI-compatible endpoint must be an absolute http or https URL such as 'http://gpu-node:8000/v1', not '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            throw new ArgumentException($"An OpenAI-compatible endpoint is a base URL without query or fragment, not '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.UserInfo.Length > 0)
        {
            // Credentials in the URL would end up in every log line that names the endpoint.
            throw new ArgumentException(
                $"An OpenAI-compatible endpoint must not carry credentials in its URL; set {OpenAiCompatibleOptions.ConfigurationSectionName}:ApiKey instead.",
                nameof(endpoint));
        }

        var display = endpoint.AbsoluteUri.TrimEnd('/');
        return new OpenAiEndpoint(new Uri(display), display, new Uri(display + "/chat/completions"));
    }
}
