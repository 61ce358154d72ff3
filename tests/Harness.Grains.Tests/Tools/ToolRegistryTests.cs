using Harness.Grains.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Grains.Tests.Tools;

public sealed class ToolRegistryTests
{
    private static readonly ToolCallKey Key = new("chain-1", "order", 1);

    private static ToolRegistry CreateRegistry(IEnumerable<ITool> tools, int maxResultBytes = ToolOptions.DefaultMaxResultBytes, IToolCallLog? log = null) =>
        new(
            tools,
            log ?? new InMemoryToolCallLog(),
            new StaticOptionsMonitor<ToolOptions>(new ToolOptions { MaxResultBytes = maxResultBytes }),
            TimeProvider.System,
            NullLogger<ToolRegistry>.Instance);

    [Fact]
    public void Resolve_picks_latest_when_version_omitted_and_exact_version_when_given()
    {
        var registry = CreateRegistry([new StubTool("x", "2"), new StubTool("x", "10"), new StubTool("x", "1.5")]);

        Assert.Equal("10", registry.Resolve("x").Version);
        Assert.Equal("10", registry.Resolve("x", string.Empty).Version);
        Assert.Equal("2", registry.Resolve("x", "2").Version);
        Assert.Equal("1.5", registry.Resolve("x", "1.5").Version);
        Assert.Equal(["1.5", "2", "10"], registry.List()["x"]);
    }

    [Fact]
    public void Resolve_missing_tool_or_version_names_what_is_available()
    {
        var registry = CreateRegistry([new StubTool("x", "1"), new StubTool("x", "2"), new StubTool("y", "1")]);

        var missingTool = Assert.Throws<ToolException>(() => registry.Resolve("z"));
        Assert.Contains("'z'", missingTool.Message, StringComparison.Ordinal);
        Assert.Contains("x, y", missingTool.Message, StringComparison.Ordinal);

        var missingVersion = Assert.Throws<ToolException>(() => registry.Resolve("x", "3"));
        Assert.Contains("'x'", missingVersion.Message, StringComparison.Ordinal);
        Assert.Contains("'3'", missingVersion.Message, StringComparison.Ordinal);
        Assert.Contains("1, 2", missingVersion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_a_duplicate_name_and_version_fails()
    {
        var registry = CreateRegistry([new StubTool("x", "1")]);
        Assert.Throws<InvalidOperationException>(() => registry.Register(new StubTool("x", "1")));
    }

    [Fact]
    public async Task Result_over_the_limit_is_rejected_with_size_limit_and_tool()
    {
        var big = new StubTool("big", "1", _ => "\"" + new string('a', 98) + "\"");
        var log = new InMemoryToolCallLog();
        var registry = CreateRegistry([big], maxResultBytes: 50, log: log);

        var error = await Assert.ThrowsAsync<ToolException>(() => registry.InvokeAsync("big", null, new ToolCall { Key = Key }, CancellationToken.None));

        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 50 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Harness:Tools:MaxResultBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public async Task Same_key_twice_invokes_once_and_returns_the_recorded_result()
    {
        var tool = new StubTool("t", "1");
        var registry = CreateRegistry([tool]);

        var first = await registry.InvokeAsync("t", null, new ToolCall { Key = Key }, CancellationToken.None);
        var second = await registry.InvokeAsync("t", null, new ToolCall { Key = new ToolCallKey("chain-1", "order", 1) }, CancellationToken.None);

        Assert.Equal(1, tool.Calls);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_recorded_call_survives_a_new_registry_sharing_the_log()
    {
        var log = new InMemoryToolCallLog();
        var before = new StubTool("t", "1");
        var first = await CreateRegistry([before], log: log).InvokeAsync("t", "1", new ToolCall { Key = Key }, CancellationToken.None);

        // A "restarted" registry with a fresh tool instance does not repeat the completed call.
        var after = new StubTool("t", "1");
        var second = await CreateRegistry([after], log: log).InvokeAsync("t", "1", new ToolCall { Key = Key }, CancellationToken.None);

        Assert.Equal(0, after.Calls);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Another_attempt_invokes_again()
    {
        var tool = new StubTool("t", "1");
        var registry = CreateRegistry([tool]);

        var first = await registry.InvokeAsync("t", null, new ToolCall { Key = Key }, CancellationToken.None);
        var second = await registry.InvokeAsync("t", null, new ToolCall { Key = Key with { Attempt = 2 } }, CancellationToken.None);

        Assert.Equal(2, tool.Calls);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_invoke_once()
    {
        var tool = new StubTool("t", "1") { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var registry = CreateRegistry([tool]);

        var calls = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => registry.InvokeAsync("t", null, new ToolCall { Key = Key }, CancellationToken.None)))
            .ToArray();
        await Task.Delay(100);
        tool.Gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, tool.Calls);
        Assert.All(results, r => Assert.Equal(results[0], r));
    }

    [Fact]
    public async Task A_failed_call_is_not_recorded_and_can_be_retried()
    {
        var fail = true;
        var tool = new StubTool("t", "1", _ => fail ? throw new InvalidOperationException("boom") : "1");
        var registry = CreateRegistry([tool]);

        var error = await Assert.ThrowsAsync<ToolException>(() => registry.InvokeAsync("t", null, new ToolCall { Key = Key }, CancellationToken.None));
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);

        fail = false;
        var result = await registry.InvokeAsync("t", null, new ToolCall { Key = Key }, CancellationToken.None);
        Assert.Equal("1", result.Json);
        Assert.Equal(2, tool.Calls);
    }

    [Fact]
    public void Key_has_a_stable_escaped_string_form()
    {
        Assert.Equal("chain-1/order/1", Key.Value);
        Assert.Equal("a%2Fb/n%20x/3", new ToolCallKey("a/b", "n x", 3).ToString());
    }
}
