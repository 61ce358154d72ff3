using Microsoft.Extensions.DependencyInjection;

namespace Harness.Client.Api;

/// <summary>Registers the HTTP API client.</summary>
public static class HarnessApiServiceCollectionExtensions
{
    /// <summary>Adds a typed <see cref="HarnessApiClient"/> (through <c>IHttpClientFactory</c>) calling the silo at <paramref name="baseAddress"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="baseAddress">The silo's URL, e.g. <c>http://localhost:8080</c>.</param>
    /// <returns>The HTTP client builder, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddHarnessApiClient(this IServiceCollection services, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(baseAddress);
        var normalized = HarnessApiAddress.Normalize(baseAddress);
        return services.AddHttpClient<HarnessApiClient>(http => http.BaseAddress = normalized);
    }
}
