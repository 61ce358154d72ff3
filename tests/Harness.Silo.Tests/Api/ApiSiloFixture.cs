using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Harness.Silo.Tests.Api;

/// <summary>One in-memory silo (SQLite in a temporary directory) shared by the tests of a class.</summary>
public sealed class ApiSiloFixture : IDisposable
{
    public ApiSiloFixture()
    {
        Factory = new SiloFactory();
        Client = Factory.CreateClient();
    }

    /// <summary>Gets the server's JSON conventions: camelCase names, enums as camelCase strings.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public SiloFactory Factory { get; }

    public HttpClient Client { get; }

    public static StringContent Document(string text, string mediaType) =>
        new(text, Encoding.UTF8, MediaTypeHeaderValue.Parse(mediaType));

    /// <summary>Asserts a problem-details answer with the given status, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body) =>
        Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json);

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content = null) =>
        Client.PostAsync(new Uri(path, UriKind.Relative), content);

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
