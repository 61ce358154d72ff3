using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace Harness.Silo.Tests.Api;

/// <summary>Chains through the API end to end: the chain grain runs transform and sleep tool nodes.</summary>
public sealed class ChainLifecycleTests(ApiSiloFixture silo) : IClassFixture<ApiSiloFixture>
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(60);

    private const string TransformYaml = """
        name: greet
        inputs: [word, diet]
        nodes:
          - id: first
            type: transform
            expression: "{{inputs.word}}"
          - id: second
            type: transform
            expression: "{{nodes.first.output}} {{inputs.diet}}"
        edges:
          - { from: first, to: second }
        """;

    private const string TransformJson = """
        { "name": "greet-json", "qos": "realtime", "nodes": [ { "id": "only", "type": "transform", "expression": "{\"ok\": true}" } ] }
        """;

    private const string SleepThenTransformYaml = """
        name: nap
        nodes:
          - id: nap
            type: tool
            tool: { name: sleep, arguments: { duration: 2s } }
          - id: after
            type: transform
            expression: "done"
        edges:
          - { from: nap, to: after }
        """;

    [Fact]
    public async Task SubmitYaml_Answers202_AndTheEventStreamEndsWithSucceeded()
    {
        var response = await silo.PostAsync("/api/chains?input.word=hello&input.diet=vegan&qos=background", ApiSiloFixture.Document(TransformYaml, "application/yaml"));

        var accepted = await ReadAcceptedAsync(response);
        var events = await StreamAsync(accepted.Id, null);
        var snapshot = await ReadObjectAsync(await silo.GetAsync($"/api/chains/{accepted.Id}"));

        Assert.Matches("^ch-[0-9a-f]{20}$", accepted.Id);
        Assert.Equal($"/api/chains/{accepted.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("submitted", events[0].Event);
        Assert.Equal("succeeded", events[^1].Event);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal(accepted.Id, e.Data.GetProperty("chainId").GetString()));
        Assert.Contains(events, e => e.Event == "nodeCompleted" && e.Data.GetProperty("nodeId").GetString() == "second");
        Assert.Equal("succeeded", snapshot.GetProperty("status").GetString());
        Assert.Equal("background", snapshot.GetProperty("qos").GetString());
        Assert.Equal("vegan", snapshot.GetProperty("inputs").GetProperty("diet").GetString());
    }

    [Fact]
    public async Task SubmitJson_WithClientId_IsIdempotent_AndListed()
    {
        var first = await ReadAcceptedAsync(await silo.PostAsync("/api/chains?id=json-chain_1", ApiSiloFixture.Document(TransformJson, "application/json; charset=utf-8")));
        var again = await ReadAcceptedAsync(await silo.PostAsync("/api/chains?id=json-chain_1", ApiSiloFixture.Document(TransformJson, "application/json")));
        var events = await StreamAsync(first.Id, null);
        var list = await silo.GetAsync("/api/chains?limit=10&status=succeeded");
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());

        Assert.Equal("json-chain_1", first.Id);
        Assert.Equal("json-chain_1", again.Id);
        Assert.Equal("/api/chains/json-chain_1/events", first.Events);
        Assert.Equal("succeeded", events[^1].Event);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var summary = listed.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "json-chain_1");
        Assert.Equal("realtime", summary.GetProperty("qos").GetString());
        Assert.Equal("succeeded", summary.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubmitAgain_WithAnotherDefinition_Answers409()
    {
        await ReadAcceptedAsync(await silo.PostAsync("/api/chains?id=taken", ApiSiloFixture.Document(TransformJson, "application/json")));

        var response = await silo.PostAsync("/api/chains?id=taken&input.word=a&input.diet=b", ApiSiloFixture.Document(TransformYaml, "application/yaml"));

        await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task EventStream_ResumesAfterLastEventId()
    {
        var accepted = await ReadAcceptedAsync(await silo.PostAsync("/api/chains", ApiSiloFixture.Document(TransformJson, "application/json")));
        var all = await StreamAsync(accepted.Id, null);

        var rest = await StreamAsync(accepted.Id, "2");
        var viaQuery = await ReadEventsAsync($"/api/chains/{accepted.Id}/events?after=2", null);

        Assert.Equal(all.Skip(2).Select(e => e.Id), rest.Select(e => e.Id));
        Assert.Equal(all.Skip(2).Select(e => e.Id), viaQuery.Select(e => e.Id));
    }

    [Fact]
    public async Task PauseThenResume_PausesAfterTheRunningNode_AndTheChainStillSucceeds()
    {
        var accepted = await ReadAcceptedAsync(await silo.PostAsync("/api/chains", ApiSiloFixture.Document(SleepThenTransformYaml, "application/yaml")));

        var pause = await silo.PostAsync($"/api/chains/{accepted.Id}/pause");
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        var untilPaused = await ReadEventsAsync($"/api/chains/{accepted.Id}/events", e => e.Event == "paused");
        var paused = await ReadObjectAsync(await silo.GetAsync($"/api/chains/{accepted.Id}"));
        var resumed = await ReadObjectAsync(await silo.PostAsync($"/api/chains/{accepted.Id}/resume"));
        var rest = await StreamAsync(accepted.Id, untilPaused[^1].Id);

        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        Assert.Equal("resumed", rest[0].Event);
        Assert.Equal("succeeded", rest[^1].Event);
    }

    [Fact]
    public async Task Cancel_WithReason_EndsTheChain_AndPausingItThenConflicts()
    {
        const string longNap = """
            name: long-nap
            nodes:
              - id: nap
                type: tool
                tool: { name: sleep, arguments: { duration: 10m } }
            """;
        var accepted = await ReadAcceptedAsync(await silo.PostAsync("/api/chains", ApiSiloFixture.Document(longNap, "text/yaml")));

        var cancelled = await ReadObjectAsync(await silo.PostJsonAsync($"/api/chains/{accepted.Id}/cancel", new { reason = "changed my mind" }));
        var events = await StreamAsync(accepted.Id, null);
        var pause = await silo.PostAsync($"/api/chains/{accepted.Id}/pause");
        var cancelAgain = await silo.PostAsync($"/api/chains/{accepted.Id}/cancel");

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains("changed my mind", cancelled.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("cancelled", events[^1].Event);
        await ApiSiloFixture.AssertProblemAsync(pause, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, cancelAgain.StatusCode);
    }

    private static async Task<Accepted> ReadAcceptedAsync(HttpResponseMessage response)
    {
        var body = await ReadObjectAsync(response, HttpStatusCode.Accepted);
        var links = body.GetProperty("links");
        Assert.Equal(JsonValueKind.String, body.GetProperty("status").ValueKind);
        return new Accepted(body.GetProperty("id").GetString()!, links.GetProperty("self").GetString()!, links.GetProperty("events").GetString()!);
    }

    private static async Task<JsonElement> ReadObjectAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private Task<List<ServerSentEvent>> StreamAsync(string id, string? lastEventId) =>
        ReadEventsAsync($"/api/chains/{id}/events", null, lastEventId);

    /// <summary>Reads the stream until it ends (the chain ended) or <paramref name="stop"/> matches.</summary>
    private async Task<List<ServerSentEvent>> ReadEventsAsync(string path, Func<ServerSentEvent, bool>? stop, string? lastEventId = null)
    {
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await silo.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ServerSentEvent.ReadAsync(await response.Content.ReadAsStreamAsync(timeout.Token), stop, timeout.Token);
    }

    private sealed record Accepted(string Id, string Self, string Events);
}
