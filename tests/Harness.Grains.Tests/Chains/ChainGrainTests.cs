using Harness.GrainInterfaces.Chains;
using Harness.Grains.Tests.Agents;
using Harness.Grains.Tests.Tools;
using Harness.Grains.Tools;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Grains.Tests.Chains.ChainTestSupport;

namespace Harness.Grains.Tests.Chains;

public sealed class ChainGrainTests : IAsyncLifetime
{
    private readonly FlakyTool _steady = new("steady", failures: 0);
    private readonly FlakyTool _flaky = new("flaky", failures: 2);
    private readonly FlakyTool _broken = new("broken", failures: int.MaxValue);
    private readonly StubTool _gated = new("gated", "1");
    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainsTestSilo.StartAsync(configure: Register);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private void Register(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<ITool>(_steady);
        silo.Services.AddSingleton<ITool>(_flaky);
        silo.Services.AddSingleton<ITool>(_broken);
        silo.Services.AddSingleton<ITool>(_gated);
    }

    [Fact]
    public async Task FiveNodeChain_FourthNodeFailsTwiceThenSucceeds_RunsNodesOneToThreeExactlyOnce()
    {
        const string yaml = """
            name: five
            nodes:
              - { id: n1, type: tool, tool: { name: steady } }
              - { id: n2, type: tool, tool: { name: steady } }
              - { id: n3, type: tool, tool: { name: steady } }
              - id: n4
                type: tool
                tool: { name: flaky }
                retry: { attempts: 3, backoff: { initial: 1ms, max: 5ms, multiplier: 2 } }
              - { id: n5, type: transform, expression: "{{nodes.n4.output.attempt}}" }
            edges:
              - { from: n1, to: n2 }
              - { from: n2, to: n3 }
              - { from: n3, to: n4 }
              - { from: n4, to: n5 }
            """;

        await SubmitAsync(_silo.GrainFactory, "five", yaml);
        var events = await WaitForEndAsync(_silo.GrainFactory, "five");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("five").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        Assert.Equal((1, 1, 1), (_steady.CallsOf("n1"), _steady.CallsOf("n2"), _steady.CallsOf("n3")));
        Assert.Equal(3, _flaky.CallsOf("n4"));
        Assert.Equal(3, chain.Nodes[3].Attempts);
        Assert.All(chain.Nodes.Take(3), n => Assert.Equal(1, n.Attempts));
        Assert.Equal("3", chain.Result);
        Assert.Equal(2, chain.Wasted.Failures);
        Assert.Equal(2, events.Count(e => e.Kind == ChainEventKind.NodeFailed));
        Assert.Equal(5, events.Count(e => e.Kind == ChainEventKind.NodeCompleted));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task NodeThatKeepsFailing_TakesItsFallback_AndSuccessorsReadTheFallbacksOutput()
    {
        const string yaml = """
            name: fallback
            nodes:
              - id: recipe
                type: tool
                tool: { name: broken }
                retry: { attempts: 2, backoff: { initial: 1ms, max: 1ms } }
                fallback: simple
              - { id: simple, type: transform, expression: '{"dish":"omelette"}' }
              - { id: order, type: transform, expression: "order {{nodes.recipe.output.dish}}" }
            edges:
              - { from: recipe, to: order }
            """;

        await SubmitAsync(_silo.GrainFactory, "fallback", yaml);
        var events = await WaitForEndAsync(_silo.GrainFactory, "fallback");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("fallback").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        Assert.Equal(2, _broken.CallsOf("recipe"));
        Assert.Equal(NodeStatus.Failed, chain.Nodes[0].Status);
        Assert.Equal(NodeStatus.Succeeded, chain.Nodes[1].Status);
        Assert.Equal("\"order omelette\"", chain.Result);
        Assert.Contains(events, e => e.Kind == ChainEventKind.FallbackTaken && e.NodeId == "recipe");
    }

    [Fact]
    public async Task NodeWithoutFallback_FailsTheChain_WithTheCauseRecorded()
    {
        const string yaml = """
            name: failing
            nodes:
              - { id: a, type: transform, expression: "1" }
              - { id: b, type: tool, tool: { name: broken }, retry: { attempts: 2, backoff: { initial: 1ms, max: 1ms } } }
            edges: [ { from: a, to: b } ]
            """;

        await SubmitAsync(_silo.GrainFactory, "failing", yaml);
        var events = await WaitForEndAsync(_silo.GrainFactory, "failing");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("failing").GetSnapshot();

        Assert.Equal(ChainStatus.Failed, chain.Status);
        Assert.Contains("Node 'b' failed after 2 attempt(s)", chain.Error, StringComparison.Ordinal);
        Assert.Contains("broken failed", chain.Error, StringComparison.Ordinal);
        Assert.Equal(ChainEventKind.Failed, events[^1].Kind);
    }

    [Fact]
    public async Task ConditionsChooseTheBranch_AndLoopsStopAtTheirMaximum()
    {
        const string yaml = """
            name: branching
            inputs: [size]
            nodes:
              - { id: start, type: transform, expression: '{"size": {{inputs.size}}}' }
              - { id: big, type: transform, expression: "big" }
              - { id: small, type: transform, expression: "small" }
              - { id: again, type: transform, expression: "{{vars.again.iteration}}", loop: { maxIterations: 3 } }
            edges:
              - { from: start, to: big, condition: "{{nodes.start.output.size}} >= 10" }
              - { from: start, to: small, condition: "{{nodes.start.output.size}} < 10" }
              - { from: small, to: again }
              - { from: again, to: again }
            """;

        await SubmitAsync(_silo.GrainFactory, "branching", yaml, new Dictionary<string, string> { ["size"] = "3" });
        await WaitForEndAsync(_silo.GrainFactory, "branching");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("branching").GetSnapshot();

        Assert.True(chain.Status == ChainStatus.Succeeded, chain.Error);
        Assert.Equal(NodeStatus.Pending, chain.Nodes[1].Status);
        Assert.Equal(1, chain.Nodes[2].Completions);
        Assert.Equal(3, chain.Nodes[3].Completions);
        Assert.Equal("3", chain.Result);
    }

    [Fact]
    public async Task JsonFilter_InsertsAnyTextAsAJsonString_SoTheDocumentStaysValid()
    {
        const string yaml = """
            name: quoting
            inputs: [text]
            nodes:
              - { id: wrap, type: transform, expression: '{"text": {{inputs.text | json}}}' }
            """;
        const string text = "say \"hi\"\n\\ {now}";

        await SubmitAsync(_silo.GrainFactory, "quoting", yaml, new Dictionary<string, string> { ["text"] = text });
        await WaitForEndAsync(_silo.GrainFactory, "quoting");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("quoting").GetSnapshot();

        // Quotes, a newline and a backslash inserted raw would break the document (kept then as a plain string).
        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        using var result = System.Text.Json.JsonDocument.Parse(chain.Result!);
        Assert.Equal(text, result.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Pause_TakesEffectAfterTheRunningNode_AndResumeContinuesFromTheCheckpoint()
    {
        const string yaml = """
            name: pausing
            nodes:
              - { id: wait, type: tool, tool: { name: gated } }
              - { id: after, type: tool, tool: { name: steady } }
            edges: [ { from: wait, to: after } ]
            """;
        _gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chain = _silo.GrainFactory.GetGrain<IChainGrain>("pausing");

        await SubmitAsync(_silo.GrainFactory, "pausing", yaml);
        await WaitForEventAsync(_silo.GrainFactory, "pausing", e => e.Kind == ChainEventKind.NodeStarted);
        await chain.Pause();
        _gated.Gate.SetResult();
        await WaitForEventAsync(_silo.GrainFactory, "pausing", e => e.Kind == ChainEventKind.Paused);

        var paused = await chain.GetSnapshot();
        Assert.Equal(ChainStatus.Paused, paused.Status);
        Assert.Equal(NodeStatus.Succeeded, paused.Nodes[0].Status);
        Assert.Equal(0, _steady.CallsOf("after"));

        await chain.Resume();
        await WaitForEndAsync(_silo.GrainFactory, "pausing");
        var done = await chain.GetSnapshot();
        Assert.Equal(ChainStatus.Succeeded, done.Status);
        Assert.Equal(1, _gated.Calls);
        Assert.Equal(1, _steady.CallsOf("after"));
    }

    [Fact]
    public async Task Cancel_StopsTheRunningNode_AndNothingFurtherRuns()
    {
        const string yaml = """
            name: cancelling
            nodes:
              - { id: wait, type: tool, tool: { name: gated } }
              - { id: after, type: tool, tool: { name: steady } }
            edges: [ { from: wait, to: after } ]
            """;
        _gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chain = _silo.GrainFactory.GetGrain<IChainGrain>("cancelling");

        await SubmitAsync(_silo.GrainFactory, "cancelling", yaml);
        await WaitForEventAsync(_silo.GrainFactory, "cancelling", e => e.Kind == ChainEventKind.NodeStarted);
        var cancelled = await chain.Cancel("not needed");
        var events = await WaitForEndAsync(_silo.GrainFactory, "cancelling");

        Assert.Equal(ChainStatus.Cancelled, cancelled.Status);
        Assert.Equal(NodeStatus.Cancelled, cancelled.Nodes[0].Status);
        Assert.Equal("Cancelled: not needed", cancelled.Error);
        Assert.Equal(ChainEventKind.Cancelled, events[^1].Kind);
        Assert.Equal(0, _steady.CallsOf("after"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => chain.Resume());
    }

    [Fact]
    public async Task SubmittingAgainWithTheSameDefinition_ReturnsTheChain_AndAnotherDefinitionIsRefused()
    {
        const string yaml = "name: same\nnodes: [ { id: a, type: transform, expression: \"1\" } ]";
        var first = await SubmitAsync(_silo.GrainFactory, "same", yaml);
        var again = await SubmitAsync(_silo.GrainFactory, "same", yaml);

        Assert.Equal(first.CreatedAt, again.CreatedAt);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SubmitAsync(_silo.GrainFactory, "same", "name: other\nnodes: [ { id: a, type: transform, expression: \"2\" } ]"));
    }

    [Fact]
    public async Task UnknownChain_IsNotFound_AndMissingInputsAreRefusedByName()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _silo.GrainFactory.GetGrain<IChainGrain>("nobody").GetSnapshot());
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            SubmitAsync(_silo.GrainFactory, "inputs", "name: i\ninputs: [photo]\nnodes: [ { id: a, type: transform, expression: \"{{inputs.photo}}\" } ]"));
        Assert.Contains("'photo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainIndex_ListsChainsWithTheirStatus()
    {
        await SubmitAsync(_silo.GrainFactory, "listed", "name: listed\nnodes: [ { id: a, type: transform, expression: \"1\" } ]");
        await WaitForEndAsync(_silo.GrainFactory, "listed");

        var list = await _silo.GrainFactory.GetGrain<IChainIndexGrain>(ChainIndexKeys.All).List(10, ChainStatus.Succeeded);

        var summary = Assert.Single(list, c => c.Id == "listed");
        Assert.Equal((1, 1), (summary.NodesCompleted, summary.NodeCount));
    }

    [Fact]
    public async Task TwoAgentVersionsRunChainsSideBySide_PinnedOrLatestOnline()
    {
        var agent = _silo.GrainFactory.GetGrain<Harness.GrainInterfaces.Agents.IAgentGrain>("cook");
        foreach (var version in new[] { "1", "2" })
        {
            await agent.RegisterVersion(new Harness.GrainInterfaces.Agents.AgentDefinition { Name = "cook", Version = version, Model = "tiny-llm" });
            await agent.SetOnline(version);
        }

        const string yaml = "name: cook\nnodes: [ { id: a, type: tool, tool: { name: gated } } ]";
        _gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pinned = await SubmitAsync(_silo.GrainFactory, "cook-v1", yaml, agent: "cook", agentVersion: "1");
        var latest = await SubmitAsync(_silo.GrainFactory, "cook-v2", yaml, agent: "cook");

        var running = await agent.GetVersions();
        Assert.Equal(("1", "2"), (pinned.AgentVersion, latest.AgentVersion));
        Assert.All(running, v => Assert.Equal(1, v.Metrics.RunningChains));

        _gated.Gate.SetResult();
        await WaitForEndAsync(_silo.GrainFactory, "cook-v1");
        await WaitForEndAsync(_silo.GrainFactory, "cook-v2");
        var metrics = await agent.GetMetrics();
        Assert.Equal((2L, 0), (metrics.ChainsCompleted, metrics.RunningChains));
    }

    [Fact]
    public async Task ChainInterruptedByItsSiloStopping_ResumesOnTheNextSiloFromItsCheckpoint_WithoutRedoingCompletedNodes()
    {
        const string yaml = """
            name: moving
            nodes:
              - { id: first, type: tool, tool: { name: steady } }
              - { id: slow, type: tool, tool: { name: gated } }
              - { id: last, type: transform, expression: "{{nodes.first.output.value}}" }
            edges: [ { from: first, to: slow }, { from: slow, to: last } ]
            """;
        _gated.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await GrainsTestSilo.StartAsync(configure: Register);
        var storage = first.Storage;
        await SubmitAsync(first.GrainFactory, "moving", yaml);
        await WaitForEventAsync(first.GrainFactory, "moving", e => e.Kind == ChainEventKind.NodeStarted && e.NodeId == "slow");
        await first.DisposeAsync();

        await using var second = await GrainsTestSilo.StartAsync(storage, configure: Register);
        _gated.Gate.SetResult();
        var events = await WaitForEndAsync(second.GrainFactory, "moving");
        var chain = await second.GrainFactory.GetGrain<IChainGrain>("moving").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        Assert.Equal(1, _steady.CallsOf("first"));
        Assert.Equal(2, chain.Nodes[1].Attempts);
        Assert.Equal(1, chain.Wasted.Failovers);
        Assert.Contains(events, e => e.Kind == ChainEventKind.Recovered && e.NodeId == "slow");
        Assert.Equal("1", chain.Result);
    }

    [Fact]
    public async Task ToolNodeInALoop_IsCalledOncePerIteration_NotReplayedFromTheFirst()
    {
        const string yaml = """
            name: ticking
            nodes:
              - { id: tick, type: tool, tool: { name: steady }, loop: { maxIterations: 3 } }
            edges: [ { from: tick, to: tick, condition: "{{nodes.tick.output.value}} < 3" } ]
            """;

        await SubmitAsync(_silo.GrainFactory, "ticking", yaml);
        await WaitForEndAsync(_silo.GrainFactory, "ticking");
        var chain = await _silo.GrainFactory.GetGrain<IChainGrain>("ticking").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        Assert.Equal(3, _steady.CallsOf("tick") + _steady.CallsOf("tick#2") + _steady.CallsOf("tick#3"));
        Assert.Equal(3, chain.Nodes[0].Completions);
        Assert.Contains("\"value\":3", chain.Result, StringComparison.Ordinal);
    }
}
