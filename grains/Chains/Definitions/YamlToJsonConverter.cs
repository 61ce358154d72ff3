using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Grains.Chains.Definitions;

/// <summary>
/// Converts a YAML document to the equivalent JSON text. Plain scalars become null, booleans or numbers as in YAML's
/// core schema; quoted scalars stay strings. Malformed YAML throws a <see cref="ChainDefinitionException"/> with the
/// line and column.
/// </summary>
internal static partial class YamlToJsonConverter
{
    private const int MaxDepth = 64;

    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Malformed(e.Start, e.InnerException?.Message ?? e.Message);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ChainDefinitionException([new ChainDefinitionProblem("$", "the YAML document is empty")]);
        }

        if (stream.Documents.Count > 1)
        {
            throw Malformed(stream.Documents[1].RootNode.Start, "a chain file holds exactly one YAML document");
        }

        var node = ToJson(stream.Documents[0].RootNode, 0);
        return node?.ToJsonString() ?? "null";
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Malformed(node.Start, $"nesting is deeper than {MaxDepth} levels");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw Malformed(keyNode.Start, "mapping keys must be plain strings");
                    }

                    if (obj.ContainsKey(key))
                    {
                        throw Malformed(keyNode.Start, $"duplicate key '{key}'");
                    }

                    obj[key] = ToJson(valueNode, depth + 1);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw Malformed(node.Start, "unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        return JsonNumber().IsMatch(text) ? JsonNode.Parse(text) : JsonValue.Create(text);
    }

    private static ChainDefinitionException Malformed(Mark mark, string message) =>
        new([new ChainDefinitionProblem("$", $"malformed YAML at line {mark.Line}, column {mark.Column}: {message}")]);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
