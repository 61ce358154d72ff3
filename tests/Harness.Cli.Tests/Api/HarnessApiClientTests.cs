using System.Net;
using Harness.Cli.Tests.Infrastructure;
using Harness.Client.Api;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Cli.Tests.Api;

public sealed class HarnessApiClientTests(FakeHarnessApi server) : IClassFixture<FakeHarnessApi>
{
    private HarnessApiClient Client() => new(new HttpClient { BaseAddress = server.BaseAddress });

    [Fact]
    public async Task SubmitChainAsync_YamlWithOptions_SendsContentTypeAndQuery()
    {
        var options = new ChainSubmitOptions { Agent = "writer", AgentVersion = "1.0.0", Qos = QosClass.Realtime, Id = "ok" };
        options.Inputs["url"] = "https://example.org/a b";

        var accepted = await Client().SubmitChainAsync("name: summarize-page\n", ChainDocumentKind.Yaml, options);

        Assert.Equal("ok", accepted.Id);
        Assert.Equal(ChainStatus.Pending, accepted.Status);
        Assert.Equal("/api/chains/ok/events", accepted.Links?.Events);
        var submission = Assert.Single(server.Submissions, s => s.Body == "name: summarize-page\n");
        Assert.StartsWith("application/yaml", submission.ContentType, StringComparison.Ordinal);
        Assert.Contains("agent=writer", submission.Query, StringComparison.Ordinal);
        Assert.Contains("agentVersion=1.0.0", submission.Query, StringComparison.Ordinal);
        Assert.Contains("qos=realtime", submission.Query, StringComparison.Ordinal);
        Assert.Contains("id=ok", submission.Query, StringComparison.Ordinal);
        Assert.Contains("input.url=https%3A%2F%2Fexample.org%2Fa%20b", submission.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitChainAsync_InvalidDefinition_ThrowsProblemWithValidationErrors()
    {
        var exception = await Assert.ThrowsAsync<HarnessApiException>(() => Client().SubmitChainAsync("{\"name\":\"invalid\"}", ChainDocumentKind.Json));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("Invalid chain definition", exception.Title);
        Assert.Equal("The definition has 2 problems.", exception.Detail);
        Assert.Equal(
            [new HarnessValidationError("nodes[1].type", "unknown node type 'gpt'"), new HarnessValidationError("edges[0].to", "no node 'sumarize'")],
            exception.Errors);
    }

    [Fact]
    public async Task GetChainAsync_UnknownChain_ThrowsNotFoundProblem()
    {
        var exception = await Assert.ThrowsAsync<HarnessApiException>(() => Client().GetChainAsync("nope"));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("Chain not found", exception.Title);
        Assert.Equal("No chain has id 'nope'.", exception.Detail);
        Assert.Empty(exception.Errors);
    }

    [Fact]
    public async Task GetChainAsync_KnownChain_ReadsCamelCaseEnums()
    {
        var chain = await Client().GetChainAsync("ok");

        Assert.Equal(ChainStatus.Succeeded, chain.Status);
        Assert.Equal([NodeType.Tool, NodeType.Llm], chain.Nodes.Select(n => n.Type));
        Assert.Equal(1234, chain.Tokens);
    }

    [Fact]
    public async Task FollowChainAsync_ConnectionDropped_ResumesWithLastEventIdAndYieldsEachEventOnce()
    {
        var events = new List<ChainEvent>();
        await foreach (var chainEvent in Client().FollowChainAsync("drop"))
        {
            events.Add(chainEvent);
            if (events.Count == FakeHarnessApi.DropAfter)
            {
                server.DropRelease.SetResult();
            }
        }

        Assert.Equal([1L, 2, 3, 4, 5, 6], events.Select(e => e.Sequence));
        Assert.Equal(ChainEventKind.Succeeded, events[^1].Kind);
        var requests = server.EventRequests["drop"].ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal((null, null), requests[0]);
        Assert.Equal(FakeHarnessApi.DropAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), requests[1].LastEventId);
    }

    [Fact]
    public async Task FollowChainAsync_AfterFinalEvent_EndsWhenServerHasNothingMoreAndChainEnded()
    {
        var events = new List<ChainEvent>();
        await foreach (var chainEvent in Client().FollowChainAsync("bad", afterSequence: 6))
        {
            events.Add(chainEvent);
        }

        Assert.Empty(events);
        Assert.Contains(server.EventRequests["bad"], r => r.LastEventId == "6" && r.After == "6");
    }

    [Fact]
    public async Task FollowChainAsync_UnknownChain_ThrowsNotFound()
    {
        var exception = await Assert.ThrowsAsync<HarnessApiException>(async () =>
        {
            await foreach (var unused in Client().FollowChainAsync("nope"))
            {
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task ListDevicesAsync_SiloFailedToAnswer_ReportsItsError()
    {
        var devices = await Client().ListDevicesAsync();

        Assert.Equal(2, devices.Count);
        Assert.Equal("gpu0", devices[0].Status?.Device.Id);
        Assert.Null(devices[1].Status);
        Assert.Equal(("silo-b", "gpu1", "silo did not answer"), (devices[1].Silo, devices[1].DeviceId, devices[1].Error));
    }

    [Fact]
    public async Task AgentsRoutes_RoundTrip()
    {
        var client = Client();

        var agents = await client.ListAgentsAsync();
        var registered = await client.RegisterAgentAsync(new AgentDefinition { Name = "critic", Version = "2.0.0", Model = "tiny" });
        var online = await client.SetAgentOnlineAsync("critic", "2.0.0");
        var missing = await Assert.ThrowsAsync<HarnessApiException>(() => client.GetAgentAsync("nobody"));

        Assert.Equal("writer", Assert.Single(agents).Name);
        Assert.Equal(("critic", AgentVersionState.Registered), (registered.Definition.Name, registered.State));
        Assert.Equal(AgentVersionState.Online, online.State);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Unreachable_ThrowsNamingTheBaseAddress()
    {
        var client = new HarnessApiClient(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") });

        var exception = await Assert.ThrowsAsync<HarnessApiUnreachableException>(() => client.ListChainsAsync());

        Assert.Contains("http://127.0.0.1:1/", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHarnessApiClient_ResolvesTypedClientWithNormalizedBaseAddress()
    {
        var services = new ServiceCollection();
        services.AddHarnessApiClient(new Uri(server.BaseAddress.ToString().TrimEnd('/')));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<HarnessApiClient>();
        var health = await client.GetHealthAsync();

        Assert.Equal(server.BaseAddress, client.BaseAddress);
        Assert.True(health.IsHealthy);
    }
}
