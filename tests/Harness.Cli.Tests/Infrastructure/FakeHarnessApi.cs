using System.Collections.Concurrent;
using System.Text.Json;
using Harness.Client.Api;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Cli.Tests.Infrastructure;

/// <summary>
/// A small in-process HTTP server (real Kestrel, loopback) speaking the silo API's contract, with scripted chains:
/// "ok" succeeds (fetch then summarize), "bad" fails, "drop" succeeds but its first event stream breaks after
/// <see cref="DropAfter"/> events, once <see cref="DropRelease"/> is set. Submitting a document containing "invalid" answers a 400 problem with errors.
/// </summary>
public sealed class FakeHarnessApi : IAsyncLifetime
{
    public const int DropAfter = 3;

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] ListedChains = ["ok", "bad"];
    private static readonly string[] ResidentModels = ["tiny-llm"];
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets each events request per chain: the Last-Event-ID header and ?after= it carried.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<(string? LastEventId, string? After)>> EventRequests { get; } = new();

    /// <summary>Gets the barrier the "drop" stream waits on before breaking: set it once the client has its events.</summary>
    public TaskCompletionSource DropRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets each submission: content type, query string, body.</summary>
    public ConcurrentQueue<(string? ContentType, string Query, string Body)> Submissions { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in HarnessApiJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public static IReadOnlyList<ChainEvent> EventsOf(string id)
    {
        var failed = id == "bad";
        var events = new List<ChainEvent>
        {
            Event(id, 1, ChainEventKind.Submitted, ChainStatus.Pending, null),
            Event(id, 2, ChainEventKind.NodeStarted, ChainStatus.Running, "fetch"),
            Event(id, 3, ChainEventKind.NodeCompleted, ChainStatus.Running, "fetch"),
            Event(id, 4, ChainEventKind.NodeStarted, ChainStatus.Running, "summarize"),
        };
        if (failed)
        {
            events.Add(Event(id, 5, ChainEventKind.NodeFailed, ChainStatus.Running, "summarize", "model unavailable"));
            events.Add(Event(id, 6, ChainEventKind.Failed, ChainStatus.Failed, null, "node summarize failed"));
        }
        else
        {
            events.Add(Event(id, 5, ChainEventKind.NodeCompleted, ChainStatus.Running, "summarize"));
            events.Add(Event(id, 6, ChainEventKind.Succeeded, ChainStatus.Succeeded, null));
        }

        return events;
    }

    public static ChainSnapshot SnapshotOf(string id)
    {
        var failed = id == "bad";
        return new ChainSnapshot
        {
            Id = id,
            Name = "summarize-page",
            Status = failed ? ChainStatus.Failed : ChainStatus.Succeeded,
            Qos = QosClass.Standard,
            Agent = "writer",
            AgentVersion = "1.0.0",
            Nodes =
            [
                new NodeSnapshot { Id = "fetch", Type = NodeType.Tool, Status = NodeStatus.Succeeded, Attempts = 1, Seconds = 0.5 },
                new NodeSnapshot { Id = "summarize", Type = NodeType.Llm, Status = failed ? NodeStatus.Failed : NodeStatus.Succeeded, Attempts = 1, Tokens = 1234, Seconds = 2.5, Error = failed ? "model unavailable" : null },
            ],
            Wasted = new WastedWork { NodeSeconds = failed ? 2.5 : 0, Tokens = failed ? 1234 : 0, Failures = failed ? 1 : 0 },
            Tokens = 1234,
            NodeSeconds = 3,
            Result = failed ? null : "a short summary",
            Error = failed ? "node summarize failed" : null,
            CreatedAt = T0,
            UpdatedAt = T0.AddSeconds(3),
        };
    }

    private static ChainEvent Event(string id, long sequence, ChainEventKind kind, ChainStatus status, string? node, string? detail = null) =>
        new() { Sequence = sequence, ChainId = id, Kind = kind, Status = status, NodeId = node, Attempt = node is null ? 0 : 1, Detail = detail, Timestamp = T0.AddSeconds(sequence) };

    private static bool IsKnown(string id) => id is "ok" or "bad" or "drop";

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Chain not found", detail: $"No chain has id '{id}'.");

    private void Map(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "Healthy", durationMs = 1.5, checks = new Dictionary<string, object>() }));

        app.MapPost("/api/chains", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Submissions.Enqueue((context.Request.ContentType, context.Request.QueryString.Value ?? string.Empty, body));
            if (body.Contains("invalid", StringComparison.Ordinal))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid chain definition",
                    detail: "The definition has 2 problems.",
                    extensions: new Dictionary<string, object?>
                    {
                        ["errors"] = new[]
                        {
                            new { path = "nodes[1].type", message = "unknown node type 'gpt'" },
                            new { path = "edges[0].to", message = "no node 'sumarize'" },
                        },
                    });
            }

            var id = context.Request.Query["id"].FirstOrDefault() ?? "ok";
            return Results.Accepted($"/api/chains/{id}", new { id, status = "pending", links = new { self = $"/api/chains/{id}", events = $"/api/chains/{id}/events" } });
        });

        app.MapGet("/api/chains", (int? limit, string? status) =>
        {
            var all = ListedChains.Select(SnapshotOf).Select(s => new ChainSummary
            {
                Id = s.Id,
                Name = s.Name,
                Status = s.Status,
                Qos = s.Qos,
                Agent = s.Agent,
                NodesCompleted = s.Nodes.Count(n => n.Status == NodeStatus.Succeeded),
                NodeCount = s.Nodes.Count,
                CreatedAt = s.CreatedAt,
                UpdatedAt = s.UpdatedAt,
            });
            if (status is not null)
            {
                all = all.Where(s => JsonNamingPolicy.CamelCase.ConvertName(s.Status.ToString()) == status);
            }

            return Results.Json(all.Take(limit ?? 50).ToArray(), HarnessApiJson.Options);
        });

        app.MapGet("/api/chains/{id}", (string id) => IsKnown(id) ? Results.Json(SnapshotOf(id), HarnessApiJson.Options) : NotFound(id));

        app.MapPost("/api/chains/{id}/{verb}", (string id, string verb) =>
        {
            if (!IsKnown(id))
            {
                return NotFound(id);
            }

            var status = verb switch { "cancel" => ChainStatus.Cancelled, "pause" => ChainStatus.Paused, _ => ChainStatus.Running };
            return Results.Json(SnapshotOf(id) with { Status = status }, HarnessApiJson.Options);
        });

        app.MapGet("/api/chains/{id}/events", async (HttpContext context, string id) =>
        {
            if (!IsKnown(id))
            {
                await NotFound(id).ExecuteAsync(context);
                return;
            }

            var lastEventId = context.Request.Headers["Last-Event-ID"].FirstOrDefault();
            var after = context.Request.Query["after"].FirstOrDefault();
            var requests = EventRequests.GetOrAdd(id, _ => new());
            requests.Enqueue((lastEventId, after));
            var from = long.TryParse(lastEventId ?? after, out var parsed) ? parsed : 0;
            var dropNow = id == "drop" && requests.Count == 1;

            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(": keep-alive\n\n");
            var written = 0;
            foreach (var chainEvent in EventsOf(id).Where(e => e.Sequence > from))
            {
                var json = JsonSerializer.Serialize(chainEvent, HarnessApiJson.Options);
                await context.Response.WriteAsync($"id: {chainEvent.Sequence}\nevent: {JsonNamingPolicy.CamelCase.ConvertName(chainEvent.Kind.ToString())}\ndata: {json}\n\n");
                await context.Response.Body.FlushAsync();
                if (dropNow && ++written == DropAfter)
                {
                    // Abort resets the socket, discarding what the client has not read yet: wait until it has.
                    await DropRelease.Task.WaitAsync(context.RequestAborted);
                    context.Abort();
                    return;
                }
            }
        });

        app.MapGet("/api/agents", () => Results.Json(new[] { Agent() }, HarnessApiJson.Options));
        app.MapGet("/api/agents/{name}", (string name) => name == "writer"
            ? Results.Json(Agent(), HarnessApiJson.Options)
            : Results.Problem(statusCode: 404, title: "Agent not found", detail: $"No agent '{name}'."));
        app.MapPost("/api/agents", async (HttpContext context) =>
        {
            var definition = await JsonSerializer.DeserializeAsync<AgentDefinition>(context.Request.Body, HarnessApiJson.Options);
            return Results.Json(Version(definition!, AgentVersionState.Registered), HarnessApiJson.Options, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/agents/{name}/versions/{version}/{state}", (string name, string version, string state) =>
            Results.Json(Version(new AgentDefinition { Name = name, Version = version, Model = "tiny" }, state == "online" ? AgentVersionState.Online : AgentVersionState.Offline), HarnessApiJson.Options));

        app.MapGet("/api/devices", () => Results.Json(
            new object[]
            {
                new DeviceReport("silo-a", new DeviceStatus
                {
                    Device = new DeviceInfo { Id = "gpu0", Kind = "cuda", Name = "H100", VramMb = 81920, Source = "nvml" },
                    TotalVramMb = 81920,
                    FreeVramMb = 40960,
                    Leases = [],
                    RealtimeQueued = 1,
                    StandardQueued = 2,
                    BackgroundQueued = 3,
                    ResidentModels = [new ResidentModel { Model = "tiny-llm", SizeMb = 4, Users = 2, Uses = 9, ResidentSince = T0, LastUsedAt = T0 }],
                }),
                new { silo = "silo-b", deviceId = "gpu1", error = "silo did not answer" },
            },
            HarnessApiJson.Options));

        app.MapGet("/api/silos", () => Results.Json(
            new[]
            {
                new { address = "10.0.0.1:11111@1", name = "silo-a", status = "active", startedAt = T0, devices = new[] { new { id = "gpu0", kind = "cuda", name = "H100", totalMemoryMib = 81920, freeMemoryMib = 40960, utilization = 0.5, residentModels = ResidentModels } }, activationCount = 42, self = true },
            },
            HarnessApiJson.Options));
    }

    private static AgentOverview Agent()
    {
        var version = Version(new AgentDefinition { Name = "writer", Version = "1.0.0", Model = "tiny-llm" }, AgentVersionState.Online);
        return new AgentOverview("writer", [version], new AgentMetrics { Name = "writer", Versions = [version.Metrics], ChainsStarted = 3, ChainsCompleted = 2, ChainsFailed = 1 });
    }

    private static AgentVersionInfo Version(AgentDefinition definition, AgentVersionState state) => new()
    {
        Definition = definition,
        State = state,
        RegisteredAt = T0,
        StateChangedAt = T0,
        Metrics = new AgentVersionMetrics { Version = definition.Version, ChainsStarted = 3, ChainsCompleted = 2, ChainsFailed = 1, Tokens = 5000 },
    };
}
