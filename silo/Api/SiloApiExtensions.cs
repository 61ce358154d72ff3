using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>Adds the silo's HTTP API (<c>/api/...</c> and <c>/openapi/v1.json</c>) to the host.</summary>
internal static class SiloApiExtensions
{
    /// <summary>The path of the OpenAPI document.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>
    /// Registers the API's services and its JSON conventions, the one set of serializer options every endpoint
    /// uses: camelCase names (web defaults) and enums as camelCase strings (<c>"status":"running"</c>).
    /// </summary>
    public static IServiceCollection AddSiloApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloApiOptions>().Bind(configuration.GetSection(SiloApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloApiOptions>, SiloApiOptionsValidator>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddEndpointsApiExplorer();
        services.AddSingleton<OpenApiDocumentGenerator>();
        return services;
    }

    /// <summary>Maps every <c>/api</c> endpoint (errors as problem details) and the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapSiloApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiErrorFilter>();
        api.MapChainEndpoints();
        api.MapAgentEndpoints();
        api.MapDeviceEndpoints();
        api.MapSiloEndpoints();

        endpoints.MapGet(OpenApiPath, (OpenApiDocumentGenerator generator) => Results.Text(generator.GetDocument(), "application/json"))
            .ExcludeFromDescription();
        return endpoints;
    }
}
