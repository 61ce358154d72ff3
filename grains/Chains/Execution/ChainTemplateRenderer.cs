using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Grains.Chains.Definitions;

namespace Harness.Grains.Chains.Execution;

/// <summary>
/// Renders <c>{{inputs.name}}</c>, <c>{{nodes.id.output.field[0]}}</c> and <c>{{vars.name}}</c> templates. In text
/// mode a string value is inserted as its characters and any other JSON value as its JSON text; in JSON-literal mode
/// (conditions) every value is inserted as JSON, so strings arrive quoted.
/// </summary>
internal static class ChainTemplateRenderer
{
    /// <summary>Renders every template of <paramref name="text"/>.</summary>
    /// <param name="text">The text with templates.</param>
    /// <param name="values">The chain's values.</param>
    /// <param name="jsonLiterals">Whether to insert every value as a JSON literal.</param>
    /// <returns>The rendered text.</returns>
    public static string Render(string text, IChainValueSource values, bool jsonLiterals = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var open = text.IndexOf("{{", StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 64);
        var position = 0;
        while (open >= 0)
        {
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ChainTemplateException($"Unclosed '{{{{' in '{text}'.");
            }

            builder.Append(text, position, open - position);
            var (path, filter) = ChainTemplateFilter.Split(text[(open + 2)..close]);
            if (filter is not null && filter != ChainTemplateFilter.Json)
            {
                throw new ChainTemplateException($"Template '{{{{{text[(open + 2)..close].Trim()}}}}}' has unknown filter '{filter}' (expected {ChainTemplateFilter.Json}).");
            }

            var value = Resolve(path, values);
            if (!jsonLiterals && filter is null && value.ValueKind == JsonValueKind.String)
            {
                builder.Append(value.GetString());
            }
            else
            {
                builder.Append(value.GetRawText());
            }

            position = close + 2;
            open = text.IndexOf("{{", position, StringComparison.Ordinal);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>Resolves one reference path to its JSON value.</summary>
    /// <param name="path">The path inside the braces, such as <c>nodes.vision.output.items[0]</c>.</param>
    /// <param name="values">The chain's values.</param>
    /// <returns>The value.</returns>
    public static JsonElement Resolve(string path, IChainValueSource values)
    {
        var segments = Split(path);
        if (segments.Count < 2)
        {
            throw new ChainTemplateException($"Template '{{{{{path}}}}}' is not a reference path like inputs.name, nodes.id.output or vars.name.");
        }

        switch (segments[0].Name)
        {
            case "inputs":
                return JsonString(values.GetInput(segments[1].Name)
                    ?? throw new ChainTemplateException($"Template '{{{{{path}}}}}' references input '{segments[1].Name}', which the chain was not given."));
            case "vars":
                var name = string.Join('.', segments.Skip(1).Select(s => s.Name));
                var variable = values.GetVariable(name)
                    ?? throw new ChainTemplateException($"Template '{{{{{path}}}}}' references variable '{name}', which is not set.");

                // Counters such as {{vars.node.iteration}} compare as numbers in conditions.
                return long.TryParse(variable, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? JsonSerializer.SerializeToElement(number)
                    : JsonString(variable);
            case "nodes":
                return ResolveNode(path, segments, values);
            default:
                throw new ChainTemplateException($"Template '{{{{{path}}}}}' has unknown root '{segments[0].Name}' (expected inputs, nodes or vars).");
        }
    }

    private static JsonElement ResolveNode(string path, List<Segment> segments, IChainValueSource values)
    {
        var nodeId = segments[1].Name;
        if (segments.Count < 3 || segments[2].Name != "output")
        {
            throw new ChainTemplateException($"Template '{{{{{path}}}}}' must read a node's output: nodes.{nodeId}.output[.field].");
        }

        var output = values.GetNodeOutput(nodeId)
            ?? throw new ChainTemplateException($"Template '{{{{{path}}}}}' references the output of node '{nodeId}', which has not completed.");
        JsonElement current;
        using (var document = JsonDocument.Parse(output))
        {
            current = document.RootElement.Clone();
        }

        current = Index(current, segments[2], path);
        for (var i = 3; i < segments.Count; i++)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segments[i].Name, out var next))
            {
                throw new ChainTemplateException(
                    $"Template '{{{{{path}}}}}': the output of node '{nodeId}' has no field '{segments[i].Name}' there (found {Describe(current)}).");
            }

            current = Index(next, segments[i], path);
        }

        return current;
    }

    private static JsonElement Index(JsonElement value, Segment segment, string path)
    {
        foreach (var index in segment.Indexes)
        {
            if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
            {
                throw new ChainTemplateException(
                    $"Template '{{{{{path}}}}}': index [{index}] of '{segment.Name}' is out of range (found {Describe(value)}).");
            }

            value = value[index];
        }

        return value;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => string.Create(CultureInfo.InvariantCulture, $"an array of {value.GetArrayLength()}"),
        JsonValueKind.Object => "an object with " + string.Join(", ", value.EnumerateObject().Select(p => p.Name).Take(10)),
        JsonValueKind.String => "a string",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static JsonElement JsonString(string value) => JsonSerializer.SerializeToElement(value);

    private static List<Segment> Split(string path)
    {
        var result = new List<Segment>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            var indexes = new List<int>();
            while (bracket >= 0)
            {
                var end = part.IndexOf(']', bracket);
                if (end < 0 || !int.TryParse(part.AsSpan(bracket + 1, end - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new ChainTemplateException($"Template '{{{{{path}}}}}' has a bad index in '{part}'.");
                }

                indexes.Add(index);
                bracket = part.IndexOf('[', end);
            }

            if (name.Length == 0)
            {
                throw new ChainTemplateException($"Template '{{{{{path}}}}}' has an empty segment.");
            }

            result.Add(new Segment(name, indexes));
        }

        return result;
    }

    private readonly record struct Segment(string Name, List<int> Indexes);
}
