using System.Net;
using System.Text.Json;
using Xunit;

namespace Harness.Silo.Tests.Api;

public sealed class OpenApiDocumentTests(ApiSiloFixture silo) : IClassFixture<ApiSiloFixture>
{
    public static TheoryData<string, string, string> Operations => new()
    {
        { "/api/chains", "post", "202" },
        { "/api/chains", "get", "200" },
        { "/api/chains/{id}", "get", "404" },
        { "/api/chains/{id}/events", "get", "200" },
        { "/api/chains/{id}/cancel", "post", "409" },
        { "/api/chains/{id}/pause", "post", "409" },
        { "/api/chains/{id}/resume", "post", "409" },
        { "/api/agents", "get", "200" },
        { "/api/agents", "post", "201" },
        { "/api/agents/{name}", "get", "404" },
        { "/api/agents/{name}/versions/{version}/online", "post", "200" },
        { "/api/agents/{name}/versions/{version}/offline", "post", "200" },
        { "/api/devices", "get", "200" },
        { "/api/silos", "get", "200" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Document_DescribesEveryRoute(string path, string method, string status)
    {
        using var document = await ReadDocumentAsync();

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} lacks response {status}");
    }

    [Fact]
    public async Task Document_IsOpenApi31_WithRequestContentTypesParametersAndSchemas()
    {
        using var document = await ReadDocumentAsync();
        var root = document.RootElement;
        var submit = root.GetProperty("paths").GetProperty("/api/chains").GetProperty("post");
        var events = root.GetProperty("paths").GetProperty("/api/chains/{id}/events").GetProperty("get");
        var schemas = root.GetProperty("components").GetProperty("schemas");

        Assert.Equal("3.1.0", root.GetProperty("openapi").GetString());
        Assert.Equal(
            ["application/json", "application/yaml", "application/x-yaml", "text/yaml"],
            submit.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["agent", "agentVersion", "qos", "id"],
            submit.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(
            "#/components/schemas/ChainDocument",
            submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/yaml").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(schemas.GetProperty("ChainDocument").GetProperty("$defs").TryGetProperty("duration", out _));
        Assert.True(submit.GetProperty("responses").GetProperty("415").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Contains(events.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Last-Event-ID" && p.GetProperty("in").GetString() == "header");
        Assert.True(events.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.Equal(
            ["pending", "running", "paused", "succeeded", "failed", "cancelled"],
            schemas.GetProperty("ChainSnapshot").GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        foreach (var name in new[] { "ChainAccepted", "ChainSnapshot", "ChainSummary", "AgentDefinition", "AgentVersionInfo", "AgentOverview", "DeviceReport", "SiloReport", "ProblemDetails" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"schema {name} is missing");
        }

        // Every reference resolves to a component.
        foreach (var reference in References(root))
        {
            Assert.StartsWith("#/components/schemas/", reference, StringComparison.Ordinal);
            var pointer = reference["#/components/schemas/".Length..].Split('/');
            var target = schemas.GetProperty(pointer[0]);
            foreach (var segment in pointer.Skip(1))
            {
                Assert.True(target.TryGetProperty(segment, out target), reference);
            }
        }
    }

    private static IEnumerable<string> References(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref")
                {
                    yield return property.Value.GetString()!;
                }
                else
                {
                    foreach (var nested in References(property.Value))
                    {
                        yield return nested;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(References))
            {
                yield return nested;
            }
        }
    }

    private async Task<JsonDocument> ReadDocumentAsync()
    {
        var response = await silo.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
