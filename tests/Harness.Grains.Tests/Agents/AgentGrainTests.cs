using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Xunit;

namespace Harness.Grains.Tests.Agents;

public sealed class AgentGrainTests : IAsyncLifetime
{
    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainsTestSilo.StartAsync();

    public Task DisposeAsync() => _silo.DisposeAsync().AsTask();

    private static AgentDefinition Definition(string name, string version, string model = "tiny-llm") => new()
    {
        Name = name,
        Version = version,
        Model = model,
        Tools = ["http@1", "transform"],
        DefaultQos = QosClass.Standard,
        BudgetReference = "team-a",
    };

    private async Task<IAgentGrain> RegisterAsync(string name, params string[] onlineVersions)
    {
        var agent = _silo.GrainFactory.GetGrain<IAgentGrain>(name);
        foreach (var version in onlineVersions)
        {
            await agent.RegisterVersion(Definition(name, version));
            await agent.SetOnline(version);
        }

        return agent;
    }

    [Fact]
    public async Task Two_versions_run_side_by_side_and_new_chains_pick_the_pinned_or_latest_online()
    {
        var agent = await RegisterAsync("vision", "1", "2");

        Assert.Equal("2", (await agent.ResolveVersion(null)).Version);
        Assert.Equal("1", (await agent.ResolveVersion("1")).Version);
        await agent.ChainStarted("1");
        await agent.ChainStarted("2");

        var versions = await agent.GetVersions();
        Assert.Equal(["1", "2"], versions.Select(v => v.Definition.Version));
        Assert.All(versions, v => Assert.Equal(AgentVersionState.Online, v.State));
        Assert.All(versions, v => Assert.Equal(1, v.Metrics.RunningChains));
    }

    [Fact]
    public async Task Taking_the_latest_offline_falls_back_to_the_previous_online_version()
    {
        var agent = await RegisterAsync("recipe", "1", "2");

        var info = await agent.SetOffline("2");

        Assert.Equal(AgentVersionState.Offline, info.State);
        Assert.Equal("1", (await agent.ResolveVersion(null)).Version);
        await agent.SetOnline("2");
        Assert.Equal("2", (await agent.ResolveVersion(null)).Version);
    }

    [Fact]
    public async Task Versions_are_ordered_numerically()
    {
        var agent = await RegisterAsync("order", "9", "10", "2.1", "2.10");

        Assert.Equal("10", (await agent.ResolveVersion(null)).Version);
        Assert.Equal(["2.1", "2.10", "9", "10"], (await agent.GetVersions()).Select(v => v.Definition.Version));
    }

    [Fact]
    public async Task A_version_taken_offline_with_running_chains_drains_then_goes_offline_when_the_last_ends()
    {
        var agent = await RegisterAsync("drain", "1", "2");
        await agent.ChainStarted("1");
        await agent.ChainStarted("1");

        Assert.Equal(AgentVersionState.Draining, (await agent.SetOffline("1")).State);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ChainStarted("1"));
        Assert.Contains("draining", refused.Message, StringComparison.Ordinal);

        await agent.ChainEnded("1", succeeded: true, tokens: 10);
        Assert.Equal(AgentVersionState.Draining, (await agent.GetVersions())[0].State);
        await agent.ChainEnded("1", succeeded: false, tokens: 5);

        var version1 = (await agent.GetVersions())[0];
        Assert.Equal(AgentVersionState.Offline, version1.State);
        Assert.Equal(0, version1.Metrics.RunningChains);
        Assert.Equal("2", (await agent.ResolveVersion(null)).Version);
    }

    [Fact]
    public async Task Resolving_a_pinned_version_that_is_not_online_fails_clearly()
    {
        var agent = await RegisterAsync("pinned", "1", "2");
        await agent.ChainStarted("1");
        await agent.SetOffline("1");
        await agent.RegisterVersion(Definition("pinned", "3"));

        var draining = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ResolveVersion("1"));
        Assert.Contains("version '1' is draining, not online", draining.Message, StringComparison.Ordinal);
        Assert.Contains("online: 2", draining.Message, StringComparison.Ordinal);

        await agent.ChainEnded("1", succeeded: true, tokens: 0);
        var offline = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ResolveVersion("1"));
        Assert.Contains("version '1' is offline", offline.Message, StringComparison.Ordinal);

        var registered = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ResolveVersion("3"));
        Assert.Contains("version '3' is registered (never put online)", registered.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => agent.ResolveVersion("7"));
        Assert.Contains("has no version '7' (registered: 1, 2, 3)", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_without_an_online_version_fails_clearly()
    {
        var agent = _silo.GrainFactory.GetGrain<IAgentGrain>("nobody");
        var unregistered = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ResolveVersion(null));
        Assert.Contains("Agent 'nobody' is not registered", unregistered.Message, StringComparison.Ordinal);

        await agent.RegisterVersion(Definition("nobody", "1"));
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ResolveVersion(null));
        Assert.Contains("has no online version (registered: 1 registered (never put online))", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "other", "1", "m", "'name' ('other') does not match the agent it is registered with ('bad')")]
    [InlineData("version", "bad", "", "m", "'version' is required")]
    [InlineData("version", "bad", "v1", "m", "'version' ('v1') must be a dotted number")]
    [InlineData("version", "bad", "1..2", "m", "'version' ('1..2') must be a dotted number")]
    [InlineData("model", "bad", "1", " ", "'model' is required")]
    public async Task Bad_definitions_are_refused_naming_the_field(string field, string name, string version, string model, string expected)
    {
        var agent = _silo.GrainFactory.GetGrain<IAgentGrain>("bad");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => agent.RegisterVersion(Definition(name, version, model)));

        Assert.Contains($"field '{field}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await agent.GetVersions());
    }

    [Fact]
    public async Task Bad_tools_qos_and_budget_are_refused_naming_the_field()
    {
        var agent = _silo.GrainFactory.GetGrain<IAgentGrain>("bad");
        var good = Definition("bad", "1");

        var tool = await Assert.ThrowsAsync<ArgumentException>(() => agent.RegisterVersion(good with { Tools = ["http", "sleep@"] }));
        Assert.Contains("field 'tools[1]' ('sleep@')", tool.Message, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<ArgumentException>(() => agent.RegisterVersion(good with { Tools = ["http@1", "http@2"] }));
        Assert.Contains("field 'tools[1]' names tool 'http' twice", twice.Message, StringComparison.Ordinal);
        var qos = await Assert.ThrowsAsync<ArgumentException>(() => agent.RegisterVersion(good with { DefaultQos = (QosClass)42 }));
        Assert.Contains("field 'defaultQos'", qos.Message, StringComparison.Ordinal);
        var budget = await Assert.ThrowsAsync<ArgumentException>(() => agent.RegisterVersion(good with { BudgetReference = " " }));
        Assert.Contains("field 'budgetReference'", budget.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_registering_is_idempotent_but_a_changed_definition_is_refused()
    {
        var agent = _silo.GrainFactory.GetGrain<IAgentGrain>("stable");
        var first = await agent.RegisterVersion(Definition("stable", "1"));
        await agent.SetOnline("1");

        var again = await agent.RegisterVersion(Definition("stable", "1"));
        Assert.Equal(first.RegisteredAt, again.RegisteredAt);
        Assert.Equal(AgentVersionState.Online, again.State);

        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.RegisterVersion(Definition("stable", "1", model: "big-llm")));
        Assert.Contains("version '1' is already registered with a different definition (field 'model' differs)", changed.Message, StringComparison.Ordinal);
        Assert.Equal("tiny-llm", (await agent.ResolveVersion("1")).Model);
    }

    [Fact]
    public async Task Metrics_are_counted_per_version_and_in_total()
    {
        var agent = await RegisterAsync("metrics", "1", "2");
        await agent.ChainStarted("1");
        await agent.ChainStarted("2");
        await agent.ChainStarted("2");
        await agent.ChainStarted("2");
        await agent.ChainEnded("1", succeeded: true, tokens: 100);
        await agent.ChainEnded("2", succeeded: true, tokens: 30);
        await agent.ChainEnded("2", succeeded: false, tokens: 7);

        var metrics = await agent.GetMetrics();

        Assert.Equal("metrics", metrics.Name);
        var v1 = Assert.Single(metrics.Versions, v => v.Version == "1");
        Assert.Equal((1L, 1L, 0L, 100L, 0), (v1.ChainsStarted, v1.ChainsCompleted, v1.ChainsFailed, v1.Tokens, v1.RunningChains));
        var v2 = Assert.Single(metrics.Versions, v => v.Version == "2");
        Assert.Equal((3L, 1L, 1L, 37L, 1), (v2.ChainsStarted, v2.ChainsCompleted, v2.ChainsFailed, v2.Tokens, v2.RunningChains));
        Assert.Equal((4L, 2L, 1L, 137L, 1), (metrics.ChainsStarted, metrics.ChainsCompleted, metrics.ChainsFailed, metrics.Tokens, metrics.RunningChains));

        var unmatched = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ChainEnded("1", succeeded: true, tokens: 1));
        Assert.Contains("has no running chain to end", unmatched.Message, StringComparison.Ordinal);
        Assert.Equal(137L, (await agent.GetMetrics()).Tokens);
    }

    [Fact]
    public async Task The_registry_survives_a_silo_restart()
    {
        var agent = await RegisterAsync("durable", "1", "2");
        await agent.RegisterVersion(Definition("durable", "3") with { DefaultQos = QosClass.Background, Description = "next" });
        await agent.ChainStarted("1");
        await agent.SetOffline("1");
        await agent.ChainStarted("2");
        await agent.ChainEnded("2", succeeded: true, tokens: 42);
        var storage = _silo.Storage;
        await _silo.DisposeAsync();

        _silo = await GrainsTestSilo.StartAsync(storage);
        agent = _silo.GrainFactory.GetGrain<IAgentGrain>("durable");

        var versions = await agent.GetVersions();
        Assert.Equal(
            [("1", AgentVersionState.Draining), ("2", AgentVersionState.Online), ("3", AgentVersionState.Registered)],
            versions.Select(v => (v.Definition.Version, v.State)));
        Assert.Equal(["http@1", "transform"], versions[0].Definition.Tools);
        Assert.Equal("team-a", versions[0].Definition.BudgetReference);
        Assert.Equal((QosClass.Background, "next"), (versions[2].Definition.DefaultQos, versions[2].Definition.Description));
        Assert.Equal(42L, versions[1].Metrics.Tokens);

        await agent.ChainEnded("1", succeeded: true, tokens: 1);
        Assert.Equal(AgentVersionState.Offline, (await agent.GetVersions())[0].State);
        Assert.Equal("2", (await agent.ResolveVersion(null)).Version);
    }

    [Fact]
    public async Task Unknown_versions_and_bad_version_arguments_are_refused()
    {
        var agent = await RegisterAsync("args", "1");

        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => agent.SetOnline("4"));
        Assert.Contains("Agent 'args' has no version '4' (registered: 1)", unknown.Message, StringComparison.Ordinal);
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => agent.SetOffline("latest"));
        Assert.Contains("Agent version 'latest' is not a dotted number", malformed.Message, StringComparison.Ordinal);
        var registered = await agent.RegisterVersion(Definition("args", "2"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => agent.ChainStarted(registered.Definition.Version));
    }
}
