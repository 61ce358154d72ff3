using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Client;

/// <summary>
/// Calls a silo's HTTP API. Construct it over an <see cref="HttpClient"/> whose <c>BaseAddress</c> is the silo
/// (e.g. from <c>IHttpClientFactory</c>); it grows with the API.
/// </summary>
public sealed class HarnessHttpClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the silo's health report; an unhealthy silo (HTTP 503) still returns its report.</summary>
    /// <exception cref="HarnessClientException">The silo answered something other than a health report.</exception>
    public async Task<SiloHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
        {
            throw new HarnessClientException($"GET {http.BaseAddress}health answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        return await response.Content.ReadFromJsonAsync<SiloHealth>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new HarnessClientException($"GET {http.BaseAddress}health returned an empty body.");
    }
}
