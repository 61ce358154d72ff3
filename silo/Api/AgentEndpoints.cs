using Harness.GrainInterfaces.Agents;
using Harness.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>Maps <c>/api/agents</c>: list, read, register a version, put a version online or offline.</summary>
internal static class AgentEndpoints
{
    public static RouteGroupBuilder MapAgentEndpoints(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");

        agents.MapGet(string.Empty, ListAsync)
            .WithName("ListAgents")
            .WithSummary("Lists every registered agent with its versions and metrics.")
            .Produces<IReadOnlyList<AgentOverview>>();

        agents.MapGet("/{name}", GetAsync)
            .WithName("GetAgent")
            .WithSummary("Reads an agent's versions and metrics.")
            .Produces<AgentOverview>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        agents.MapPost(string.Empty, RegisterAsync)
            .WithName("RegisterAgentVersion")
            .WithSummary("Registers an agent version (state registered); registering an identical definition again is a no-op.")
            .Accepts<AgentDefinition>("application/json")
            .Produces<AgentVersionInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        agents.MapPost("/{name}/versions/{version}/online", SetOnlineAsync)
            .WithName("SetAgentVersionOnline")
            .WithSummary("Puts an agent version online: new chains may run on it.")
            .Produces<AgentVersionInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        agents.MapPost("/{name}/versions/{version}/offline", SetOfflineAsync)
            .WithName("SetAgentVersionOffline")
            .WithSummary("Takes an agent version offline (draining while chains still run on it).")
            .Produces<AgentVersionInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IAgentCatalogGrain>(AgentCatalogKeys.All).List();
        return TypedResults.Ok(await Task.WhenAll(names.Select(name => DescribeAsync(grains, name))));
    }

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        var agent = await DescribeAsync(grains, name);
        return agent.Versions.Count == 0
            ? throw new KeyNotFoundException($"Agent '{name}' is not registered.")
            : TypedResults.Ok(agent);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var definition = await ApiRequest.ReadJsonAsync<AgentDefinition>(request, json.Value.SerializerOptions, "agent definition", cancellationToken)
            ?? throw new ArgumentException("The request body must be an agent definition (a JSON object with name, version and model).");
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new ArgumentException("Field 'name' of the agent definition is required.");
        }

        var info = await grains.GetGrain<IAgentGrain>(definition.Name).RegisterVersion(definition);

        // After the registration: a catalog entry always names an agent with at least one version.
        await grains.GetGrain<IAgentCatalogGrain>(AgentCatalogKeys.All).Add(definition.Name);
        return TypedResults.Created($"/api/agents/{Uri.EscapeDataString(definition.Name)}", info);
    }

    private static async Task<IResult> SetOnlineAsync(string name, string version, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAgentGrain>(name).SetOnline(version));

    private static async Task<IResult> SetOfflineAsync(string name, string version, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAgentGrain>(name).SetOffline(version));

    private static async Task<AgentOverview> DescribeAsync(IGrainFactory grains, string name)
    {
        var agent = grains.GetGrain<IAgentGrain>(name);
        var versions = agent.GetVersions();
        var metrics = agent.GetMetrics();
        return new AgentOverview(name, await versions, await metrics);
    }
}
