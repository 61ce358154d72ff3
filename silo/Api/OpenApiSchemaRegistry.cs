using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Harness.Silo.Api;

/// <summary>
/// Builds JSON Schemas with <see cref="JsonSchemaExporter"/> from the API's own serializer options (so the schemas
/// say camelCase and string enums exactly as the wire does); every object type becomes a component referenced by
/// <c>$ref</c>, so a type used by several operations is described once.
/// </summary>
internal sealed class OpenApiSchemaRegistry(JsonSerializerOptions options)
{
    public JsonObject Components { get; } = [];

    /// <summary>Gets the schema of <paramref name="type"/>: a reference for object types, inline otherwise.</summary>
    public JsonNode Schema(Type type)
    {
        var typeInfo = options.GetTypeInfo(type);
        if (IsComponent(typeInfo))
        {
            return Reference(type);
        }

        return Export(type);
    }

    /// <summary>
    /// Adds a hand-written JSON Schema (2020-12) as a component and returns a reference to it; its internal
    /// <c>#/$defs/...</c> references are rewritten to point into the component.
    /// </summary>
    public JsonNode Component(string name, JsonObject schema)
    {
        if (!Components.ContainsKey(name))
        {
            schema.Remove("$schema");
            schema.Remove("$id");
            Rebase(schema, $"#/components/schemas/{name}/$defs/");
            Components[name] = schema;
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    private static void Rebase(JsonNode? node, string definitions)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && target.StartsWith("#/$defs/", StringComparison.Ordinal))
                {
                    schema["$ref"] = definitions + target["#/$defs/".Length..];
                }

                foreach (var (_, child) in schema.ToArray())
                {
                    Rebase(child, definitions);
                }

                break;
            case JsonArray items:
                foreach (var child in items)
                {
                    Rebase(child, definitions);
                }

                break;
        }
    }

    private static bool IsComponent(JsonTypeInfo typeInfo) => typeInfo.Kind == JsonTypeInfoKind.Object && typeInfo.Type != typeof(object);

    private static bool AllowsNull(JsonNode node) =>
        node is JsonObject schema && schema["type"] is JsonArray types && types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var name) && name == "null");

    private JsonNode Reference(Type type)
    {
        var name = type.Name;
        if (!Components.ContainsKey(name))
        {
            // Claimed before exporting, so a type that contains itself refers to its own component.
            Components[name] = null;
            Components[name] = Export(type);
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    private JsonNode Export(Type type) => JsonSchemaExporter.GetJsonSchemaAsNode(
        options,
        type,
        new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform });

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        if (context.Path.IsEmpty || !IsComponent(context.TypeInfo))
        {
            return node;
        }

        var reference = Reference(context.TypeInfo.Type);
        return AllowsNull(node)
            ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) }
            : reference;
    }
}
