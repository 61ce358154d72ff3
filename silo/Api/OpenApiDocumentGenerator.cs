using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.GrainInterfaces.Chains;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>
/// Writes the OpenAPI 3.1 document of the API from the endpoints' metadata, as the API explorer describes them
/// (names, summaries, parameters, accepted content types, responses), with JSON Schemas from
/// <see cref="OpenApiSchemaRegistry"/>. Built once: endpoints do not change after start.
/// </summary>
internal sealed class OpenApiDocumentGenerator
{
    private const string ChainDocumentSchemaResource = "chain-definition.schema.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly IApiDescriptionGroupCollectionProvider _descriptions;
    private readonly JsonSerializerOptions _json;
    private readonly Lazy<string> _document;

    public OpenApiDocumentGenerator(IApiDescriptionGroupCollectionProvider descriptions, IOptions<JsonOptions> json)
    {
        _descriptions = descriptions;
        _json = json.Value.SerializerOptions;
        _document = new Lazy<string>(() => Build().ToJsonString(Indented));
    }

    /// <summary>Gets the document as JSON text.</summary>
    public string GetDocument() => _document.Value;

    private static string? In(BindingSource? source) =>
        source == BindingSource.Path ? "path"
        : source == BindingSource.Query ? "query"
        : source == BindingSource.Header ? "header"
        : null;

    /// <summary>Chain submissions are documents in their own format (durations as <c>30s</c>, ...), not serialized records.</summary>
    private static JsonNode RequestSchema(Type? type, OpenApiSchemaRegistry schemas)
    {
        if (type != typeof(ChainDefinition))
        {
            return type is null ? new JsonObject() : schemas.Schema(type);
        }

        using var stream = typeof(OpenApiDocumentGenerator).Assembly.GetManifestResourceStream(ChainDocumentSchemaResource)
            ?? throw new InvalidOperationException($"The embedded resource {ChainDocumentSchemaResource} is missing from the silo assembly.");
        return schemas.Component("ChainDocument", JsonNode.Parse(stream)!.AsObject());
    }

    private static T? Last<T>(IList<object> metadata)
        where T : class => metadata.OfType<T>().LastOrDefault();

    private JsonObject Build()
    {
        var schemas = new OpenApiSchemaRegistry(_json);
        var paths = new JsonObject();
        var operations = _descriptions.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.HttpMethod is not null && d.RelativePath is not null)
            .OrderBy(d => d.RelativePath, StringComparer.Ordinal);
        foreach (var description in operations)
        {
            var path = "/" + description.RelativePath!.TrimEnd('/');
            if (paths[path] is not JsonObject item)
            {
                item = [];
                paths[path] = item;
            }

            item[description.HttpMethod!.ToLowerInvariant()] = BuildOperation(description, schemas);
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Orleans.Harness silo API",
                ["version"] = "v1",
                ["description"] = "Chains, agents, devices and silos of an Orleans.Harness cluster. Errors are problem details (RFC 7807).",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas.Components },
        };
    }

    private static JsonObject BuildOperation(ApiDescription description, OpenApiSchemaRegistry schemas)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var operation = new JsonObject();
        if (Last<IEndpointNameMetadata>(metadata) is { } name)
        {
            operation["operationId"] = name.EndpointName;
        }

        if (Last<IEndpointSummaryMetadata>(metadata) is { } summary)
        {
            operation["summary"] = summary.Summary;
        }

        if (Last<IEndpointDescriptionMetadata>(metadata) is { } text)
        {
            operation["description"] = text.Description;
        }

        var tags = metadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToArray();
        if (tags.Length > 0)
        {
            operation["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        }

        var parameters = new JsonArray();
        foreach (var parameter in description.ParameterDescriptions)
        {
            if (In(parameter.Source) is not { } location)
            {
                continue;
            }

            parameters.Add(new JsonObject
            {
                ["name"] = parameter.Name,
                ["in"] = location,
                ["required"] = location == "path" || parameter.IsRequired,
                ["schema"] = schemas.Schema(parameter.Type ?? typeof(string)),
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (Last<IAcceptsMetadata>(metadata) is { ContentTypes.Count: > 0 } accepts)
        {
            var content = new JsonObject();
            foreach (var contentType in accepts.ContentTypes)
            {
                content[contentType] = new JsonObject { ["schema"] = RequestSchema(accepts.RequestType, schemas) };
            }

            operation["requestBody"] = new JsonObject { ["required"] = !accepts.IsOptional, ["content"] = content };
        }

        var responses = new JsonObject();
        foreach (var response in description.SupportedResponseTypes.OrderBy(r => r.StatusCode))
        {
            var entry = new JsonObject { ["description"] = ReasonPhrases.GetReasonPhrase(response.StatusCode) };
            if (response.Type is { } type && type != typeof(void) && response.ApiResponseFormats.Count > 0)
            {
                var content = new JsonObject();
                foreach (var format in response.ApiResponseFormats)
                {
                    content[format.MediaType] = new JsonObject { ["schema"] = schemas.Schema(type) };
                }

                entry["content"] = content;
            }

            responses[response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = entry;
        }

        operation["responses"] = responses;
        return operation;
    }
}
