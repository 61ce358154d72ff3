using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Definitions;
using Harness.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Harness.Silo.Api;

/// <summary>Maps <c>/api/chains</c>: submit (JSON or YAML), list, read, follow (server-sent events), cancel, pause, resume.</summary>
internal static class ChainEndpoints
{
    private const string Json = "application/json";

    private static readonly string[] YamlContentTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    public static RouteGroupBuilder MapChainEndpoints(this RouteGroupBuilder api)
    {
        var chains = api.MapGroup("/chains").WithTags("Chains");

        chains.MapPost(string.Empty, SubmitAsync)
            .WithName("SubmitChain")
            .WithSummary("Submits a chain definition (JSON or YAML) and starts it.")
            .WithDescription(
                "Inputs are query parameters input.<name>=<value> (e.g. ?input.photo=https://...&input.diet=vegan). "
                + "A client-chosen id makes retries idempotent. Answers 202 with Location: /api/chains/{id}.")
            .Accepts<ChainDefinition>(Json, YamlContentTypes)
            .Produces<ChainAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        chains.MapGet(string.Empty, ListAsync)
            .WithName("ListChains")
            .WithSummary("Lists the most recent chains, newest first.")
            .Produces<IReadOnlyList<ChainSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        chains.MapGet("/{id}", GetAsync)
            .WithName("GetChain")
            .WithSummary("Reads a chain: status, every node, attempts, checkpoints, wasted work, result.")
            .Produces<ChainSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        chains.MapGet("/{id}/events", ChainEventStream.StreamAsync)
            .WithName("StreamChainEvents")
            .WithSummary("Follows a chain's events as server-sent events, ending after the chain ends.")
            .WithDescription("Each event is 'id: {sequence}', 'event: {kind}', 'data: {ChainEvent JSON}'. Resume with Last-Event-ID or ?after=.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        chains.MapPost("/{id}/cancel", CancelAsync)
            .WithName("CancelChain")
            .WithSummary("Cancels a chain: the running node is stopped and nothing further runs.")
            .Accepts<CancelChainRequest>(isOptional: true, Json)
            .Produces<ChainSnapshot>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        chains.MapPost("/{id}/pause", PauseAsync)
            .WithName("PauseChain")
            .WithSummary("Pauses a chain after its running node completes.")
            .Produces<ChainSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        chains.MapPost("/{id}/resume", ResumeAsync)
            .WithName("ResumeChain")
            .WithSummary("Resumes a paused chain from its last checkpoint.")
            .Produces<ChainSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request,
        [FromQuery] string? agent,
        [FromQuery] string? agentVersion,
        [FromQuery] string? qos,
        [FromQuery] string? id,
        IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        if (FormatOf(request.ContentType) is not { } format)
        {
            return ApiProblems.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content type '{request.ContentType}' is not a chain document: send {Json} or {string.Join(", ", YamlContentTypes)}.");
        }

        var chainId = ApiRequest.ChainIdOrNew(id);
        var qosClass = ApiRequest.ParseEnum<QosClass>(qos, "qos");
        var inputs = ApiRequest.ReadInputs(request.Query);

        // Refused before the whole body is read (a declared length over the limit is refused before any of it).
        var limit = ChainDefinitionLimits.Default.MaxDocumentBytes;
        var text = await ApiRequest.ReadTextAsync(request, limit, cancellationToken);
        if (text is null)
        {
            return ApiProblems.Problem(
                StatusCodes.Status413PayloadTooLarge,
                $"The chain definition is larger than the limit of {limit} bytes.",
                "Chain definition too large");
        }

        var definition = ChainDefinitionParser.Parse(text, format);
        var inputErrors = ApiRequest.CheckInputs(definition, inputs);
        if (inputErrors.Count > 0)
        {
            return ApiProblems.Validation("Invalid chain inputs", string.Join("; ", inputErrors.Select(e => $"{e.Path}: {e.Message}")), inputErrors);
        }

        var snapshot = await grains.GetGrain<IChainGrain>(chainId).Submit(new ChainSubmission
        {
            Definition = definition,
            Inputs = inputs,
            Agent = string.IsNullOrEmpty(agent) ? null : agent,
            AgentVersion = string.IsNullOrEmpty(agentVersion) ? null : agentVersion,
            Qos = qosClass,
        });
        var self = $"/api/chains/{chainId}";
        return TypedResults.Accepted(self, new ChainAccepted(snapshot.Id, snapshot.Status, new ChainLinks(self, self + "/events")));
    }

    private static async Task<IResult> ListAsync([FromQuery] string? limit, [FromQuery] string? status, IGrainFactory grains)
    {
        var count = ApiRequest.ParseLimit(limit);
        var only = ApiRequest.ParseEnum<ChainStatus>(status, "status");
        return TypedResults.Ok(await grains.GetGrain<IChainIndexGrain>(ChainIndexKeys.All).List(count, only));
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IChainGrain>(id).GetSnapshot());

    private static async Task<IResult> CancelAsync(
        string id,
        HttpRequest request,
        IGrainFactory grains,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await ApiRequest.ReadJsonAsync<CancelChainRequest>(request, json.Value.SerializerOptions, "cancel request", cancellationToken);
        return TypedResults.Ok(await grains.GetGrain<IChainGrain>(id).Cancel(body?.Reason));
    }

    private static async Task<IResult> PauseAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IChainGrain>(id).Pause());

    private static async Task<IResult> ResumeAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IChainGrain>(id).Resume());

    private static ChainDocumentFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        var type = media.MediaType.Value;
        if (string.Equals(type, Json, StringComparison.OrdinalIgnoreCase))
        {
            return ChainDocumentFormat.Json;
        }

        return YamlContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase) ? ChainDocumentFormat.Yaml : null;
    }
}
