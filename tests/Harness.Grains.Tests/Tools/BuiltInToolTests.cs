using System.Net;
using Harness.Grains.Tests.Inference;
using Harness.Grains.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Grains.Tests.Tools;

public sealed class BuiltInToolTests
{
    private static readonly ToolCallKey Key = new("c", "n", 1);

    private static HttpTool CreateHttp(StubHandler handler, TimeProvider? time = null, params string[] hosts) =>
        new(handler, new StaticOptionsMonitor<HttpToolOptions>(new HttpToolOptions { AllowedHosts = hosts }), time ?? TimeProvider.System);

    private static ToolCall Call(params (string Name, string Value)[] arguments) =>
        new() { Key = Key, Arguments = arguments.ToDictionary(a => a.Name, a => a.Value) };

    [Fact]
    public async Task Http_calls_an_allowed_host_with_method_headers_and_body()
    {
        var handler = new StubHandler { ResponseBody = "{\"id\":7}" };
        using var tool = CreateHttp(handler, null, "shop.example.com");

        var result = await tool.InvokeAsync(
            Call(("method", "post"), ("url", "https://shop.example.com/api/orders"), ("headers", "X-Trace: abc\nAuthorization: Bearer t"), ("body", "{\"items\":[1]}"), ("timeout", "10s")),
            CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("abc", request.Headers["X-Trace"]);
        Assert.Equal("Bearer t", request.Headers["Authorization"]);
        Assert.Equal("{\"items\":[1]}", request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("{\"status\":200,\"body\":{\"id\":7}}", result.Json);
    }

    [Fact]
    public async Task Http_accepts_json_headers_and_returns_text_bodies_as_strings()
    {
        var handler = new StubHandler { ResponseBody = "plain text" };
        using var tool = CreateHttp(handler, null, "localhost:8080");

        var result = await tool.InvokeAsync(Call(("url", "http://localhost:8080/x"), ("headers", "{\"X-A\":\"1\"}")), CancellationToken.None);

        Assert.Equal("1", Assert.Single(handler.Requests).Headers["X-A"]);
        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal("{\"status\":200,\"body\":\"plain text\"}", result.Json);
    }

    [Theory]
    [InlineData("https://evil.example.com/x", "evil.example.com")]
    [InlineData("https://shop.example.com:8443/x", "shop.example.com:8443")]
    public async Task Http_rejects_a_host_not_allowed_without_sending(string url, string host)
    {
        var handler = new StubHandler();
        using var tool = CreateHttp(handler, null, "shop.example.com");

        var error = await Assert.ThrowsAsync<ToolException>(() => tool.InvokeAsync(Call(("url", url)), CancellationToken.None));

        Assert.Contains($"'{host}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Harness:Tools:Http:AllowedHosts", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Http_non_success_status_fails_with_status_and_excerpt()
    {
        var handler = new StubHandler { Status = HttpStatusCode.BadGateway, ResponseBody = "upstream down " + new string('x', 500) };
        using var tool = CreateHttp(handler, null, "shop.example.com");

        var error = await Assert.ThrowsAsync<ToolException>(() => tool.InvokeAsync(Call(("url", "https://shop.example.com/")), CancellationToken.None));

        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Contains("upstream down", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public async Task Http_response_over_the_limit_fails_naming_the_setting()
    {
        var handler = new StubHandler { ResponseBody = new string('x', 2000) };
        using var tool = new HttpTool(
            handler,
            new StaticOptionsMonitor<HttpToolOptions>(new HttpToolOptions { AllowedHosts = ["shop.example.com"], MaxResponseBytes = 1000 }),
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<ToolException>(() => tool.InvokeAsync(Call(("url", "https://shop.example.com/")), CancellationToken.None));

        Assert.Contains("2000 bytes; the limit is 1000 bytes (Harness:Tools:Http:MaxResponseBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_timeout_fails_naming_the_timeout()
    {
        var handler = new StubHandler { Hang = true };
        using var tool = CreateHttp(handler, new AutoAdvanceTimeProvider(), "shop.example.com");

        var error = await Assert.ThrowsAsync<ToolException>(() => tool.InvokeAsync(Call(("url", "https://shop.example.com/"), ("timeout", "2s")), CancellationToken.None));

        Assert.Contains("timed out after 2s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://shop.example.com")]
    [InlineData("shop.example.com/path")]
    [InlineData("host:notaport")]
    public void Options_validation_rejects_a_bad_host_entry_naming_the_setting(string entry)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Harness:Tools:Http:AllowedHosts:0"] = "ok.example.com", ["Harness:Tools:Http:AllowedHosts:1"] = entry })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddHarnessTools(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HttpToolOptions>>().Value);

        Assert.Contains("Harness:Tools:Http:AllowedHosts:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_accept_hosts_with_ports_and_registry_has_the_built_ins()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Harness:Tools:Http:AllowedHosts:0"] = "localhost:5000", ["Harness:Tools:Http:AllowedHosts:1"] = "api.example.com" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddHarnessTools(configuration).BuildServiceProvider();

        Assert.Equal(["localhost:5000", "api.example.com"], provider.GetRequiredService<IOptions<HttpToolOptions>>().Value.AllowedHosts);
        var registry = provider.GetRequiredService<ToolRegistry>();
        Assert.Equal(["http", "sleep", "transform"], registry.List().Keys);
    }

    [Fact]
    public async Task Sleep_waits_on_the_time_provider()
    {
        var time = new AutoAdvanceTimeProvider();
        var start = time.GetUtcNow();

        var result = await new SleepTool(time).InvokeAsync(Call(("duration", "1500ms")), CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), time.GetUtcNow() - start);
        Assert.Equal("{\"sleptMs\":1500}", result.Json);
    }

    [Fact]
    public async Task Sleep_honours_cancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SleepTool(TimeProvider.System).InvokeAsync(Call(("duration", "1h")), cancellation.Token));
    }

    [Theory]
    [InlineData("{\"a\": [1, 2]}", "{\"a\": [1, 2]}")]
    [InlineData("42", "42")]
    [InlineData("eggs and milk", "\"eggs and milk\"")]
    public async Task Transform_returns_json_or_a_json_string(string expression, string expected)
    {
        var result = await new TransformTool().InvokeAsync(Call(("expression", expression)), CancellationToken.None);
        Assert.Equal(expected, result.Json);
    }
}
