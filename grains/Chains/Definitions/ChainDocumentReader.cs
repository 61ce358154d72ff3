using System.Globalization;
using System.Text.Json;
using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains.Definitions;

/// <summary>
/// Reads a chain definition from a JSON element, recording structural problems (missing or unknown properties,
/// wrong value kinds, unknown node types and QoS classes) with their paths and building the model as far as it can.
/// </summary>
internal sealed class ChainDocumentReader
{
    private static readonly string[] ChainProperties = ["$schema", "name", "description", "version", "qos", "inputs", "nodes", "edges", "start"];
    private static readonly string[] NodeProperties = ["id", "type", "model", "prompt", "image", "tool", "expression", "timeout", "retry", "fallback", "resources", "loop"];
    private static readonly string[] ToolProperties = ["name", "version", "arguments"];
    private static readonly string[] RetryProperties = ["attempts", "backoff"];
    private static readonly string[] BackoffProperties = ["initial", "max", "multiplier"];
    private static readonly string[] ResourceProperties = ["device", "vramMb", "expectedDuration"];
    private static readonly string[] LoopProperties = ["maxIterations"];
    private static readonly string[] EdgeProperties = ["from", "to", "condition"];

    private readonly ChainDefinitionLimits _limits;
    private readonly List<ChainDefinitionProblem> _problems = [];

    public ChainDocumentReader(ChainDefinitionLimits limits)
    {
        _limits = limits;
    }

    public IReadOnlyList<ChainDefinitionProblem> Problems => _problems;

    /// <summary>Gets a value indicating whether the document cannot be validated further (e.g. too many nodes).</summary>
    public bool Fatal { get; private set; }

    public ChainDefinition? Read(JsonElement root)
    {
        const string path = "$";
        if (!ExpectObject(root, path))
        {
            return null;
        }

        CheckProperties(root, path, ChainProperties);
        var name = ReadString(root, path, "name", required: true);
        var description = ReadString(root, path, "description");
        var version = ReadString(root, path, "version", allowNumber: true);
        var qosName = ReadString(root, path, "qos");
        var qos = QosClass.Standard;
        if (qosName is not null && !ChainEnumNames.TryParseQosClass(qosName, out qos))
        {
            Add($"{path}.qos", $"unknown QoS class '{qosName}' (expected {Names<QosClass>(q => q.ToWireName())})");
        }

        var inputs = ReadArray(root, path, "inputs", (e, p) => ExpectString(e, p) ?? string.Empty);
        var nodes = ReadNodes(root, path);
        var edges = ReadArray(root, path, "edges", ReadEdge);
        var start = ReadString(root, path, "start");

        return new ChainDefinition
        {
            Name = name ?? string.Empty,
            Description = description,
            Version = version ?? "1",
            Qos = qos,
            Inputs = inputs,
            Nodes = nodes,
            Edges = edges,
            Start = start,
        };
    }

    private static string Names<T>(Func<T, string> name)
        where T : struct, Enum
    {
        var names = Enum.GetValues<T>().Select(name).ToArray();
        return string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string PropertyPath(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && name.Length > 0 ? $"{path}.{name}" : $"{path}['{name}']";

    private IReadOnlyList<NodeDefinition> ReadNodes(JsonElement root, string path)
    {
        var nodesPath = $"{path}.nodes";
        if (!root.TryGetProperty("nodes", out var nodes) || nodes.ValueKind == JsonValueKind.Null)
        {
            Add(nodesPath, "required property 'nodes' is missing");
            return [];
        }

        if (nodes.ValueKind != JsonValueKind.Array)
        {
            Add(nodesPath, $"must be an array, not {Describe(nodes.ValueKind)}");
            return [];
        }

        var count = nodes.GetArrayLength();
        if (count == 0)
        {
            Add(nodesPath, "a chain needs at least one node");
            return [];
        }

        if (count > _limits.MaxNodes)
        {
            Add(nodesPath, $"too many nodes: {count}, the limit is {_limits.MaxNodes}");
            Fatal = true;
            return [];
        }

        var result = new List<NodeDefinition>(count);
        var index = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            result.Add(ReadNode(node, $"{nodesPath}[{index++}]"));
        }

        return result;
    }

    private NodeDefinition ReadNode(JsonElement node, string path)
    {
        if (!ExpectObject(node, path))
        {
            return new NodeDefinition { Id = string.Empty, Type = NodeType.Transform };
        }

        CheckProperties(node, path, NodeProperties);
        var id = ReadString(node, path, "id", required: true);
        var typeName = ReadString(node, path, "type", required: true);
        NodeType? type = null;
        if (typeName is not null)
        {
            if (ChainEnumNames.TryParseNodeType(typeName, out var parsed))
            {
                type = parsed;
            }
            else
            {
                Add($"{path}.type", $"unknown node type '{typeName}' (expected {Names<NodeType>(t => t.ToWireName())})");
            }
        }

        var model = ReadString(node, path, "model", required: type is NodeType.Llm or NodeType.Vlm);
        var prompt = ReadString(node, path, "prompt", required: type is NodeType.Llm or NodeType.Vlm);
        var image = ReadString(node, path, "image");
        var tool = ReadObject(node, path, "tool", ReadTool, required: type is NodeType.Tool);
        var expression = ReadString(node, path, "expression", required: type is NodeType.Transform);
        if (type is { } known)
        {
            var allowed = known switch
            {
                NodeType.Llm => ["model", "prompt"],
                NodeType.Vlm => ["model", "prompt", "image"],
                NodeType.Tool => ["tool"],
                _ => new[] { "expression" },
            };
            foreach (var specific in new[] { "model", "prompt", "image", "tool", "expression" })
            {
                if (!allowed.Contains(specific) && node.TryGetProperty(specific, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    Add($"{path}.{specific}", $"property '{specific}' does not apply to {known.ToWireName()} nodes");
                }
            }
        }

        return new NodeDefinition
        {
            Id = id ?? string.Empty,
            Type = type ?? NodeType.Transform,
            Model = model,
            Prompt = prompt,
            Image = image,
            Tool = tool,
            Expression = expression,
            Timeout = ReadDuration(node, path, "timeout"),
            Retry = ReadObject(node, path, "retry", ReadRetry),
            Fallback = ReadString(node, path, "fallback"),
            Resources = ReadObject(node, path, "resources", ReadResources),
            Loop = ReadObject(node, path, "loop", ReadLoop),
        };
    }

    private ToolInvocation ReadTool(JsonElement tool, string path)
    {
        CheckProperties(tool, path, ToolProperties);
        var name = ReadString(tool, path, "name", required: true);
        var version = ReadString(tool, path, "version", allowNumber: true);
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tool.TryGetProperty("arguments", out var args) && args.ValueKind != JsonValueKind.Null)
        {
            var argsPath = $"{path}.arguments";
            if (ExpectObject(args, argsPath))
            {
                foreach (var arg in args.EnumerateObject())
                {
                    var argPath = PropertyPath(argsPath, arg.Name);
                    switch (arg.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            arguments[arg.Name] = arg.Value.GetString()!;
                            break;
                        case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                            arguments[arg.Name] = arg.Value.GetRawText();
                            break;
                        default:
                            Add(argPath, $"must be a string, number or boolean, not {Describe(arg.Value.ValueKind)}");
                            break;
                    }
                }
            }
        }

        return new ToolInvocation { Name = name ?? string.Empty, Version = version, Arguments = arguments };
    }

    private RetryPolicy ReadRetry(JsonElement retry, string path)
    {
        CheckProperties(retry, path, RetryProperties);
        return new RetryPolicy
        {
            Attempts = (int)(ReadNumber(retry, path, "attempts", integer: true, required: true) ?? 1),
            Backoff = ReadObject(retry, path, "backoff", ReadBackoff),
        };
    }

    private BackoffPolicy ReadBackoff(JsonElement backoff, string path)
    {
        CheckProperties(backoff, path, BackoffProperties);
        var defaults = new BackoffPolicy();
        return new BackoffPolicy
        {
            Initial = ReadDuration(backoff, path, "initial") ?? defaults.Initial,
            Max = ReadDuration(backoff, path, "max") ?? defaults.Max,
            Multiplier = ReadNumber(backoff, path, "multiplier", integer: false) ?? defaults.Multiplier,
        };
    }

    private ResourceDemand ReadResources(JsonElement resources, string path)
    {
        CheckProperties(resources, path, ResourceProperties);
        return new ResourceDemand
        {
            Device = ReadString(resources, path, "device") ?? "cpu",
            VramMb = (long)(ReadNumber(resources, path, "vramMb", integer: true) ?? 0),
            ExpectedDuration = ReadDuration(resources, path, "expectedDuration"),
        };
    }

    private LoopPolicy ReadLoop(JsonElement loop, string path)
    {
        CheckProperties(loop, path, LoopProperties);
        return new LoopPolicy { MaxIterations = (int)(ReadNumber(loop, path, "maxIterations", integer: true, required: true) ?? 0) };
    }

    private EdgeDefinition ReadEdge(JsonElement edge, string path)
    {
        if (!ExpectObject(edge, path))
        {
            return new EdgeDefinition { From = string.Empty, To = string.Empty };
        }

        CheckProperties(edge, path, EdgeProperties);
        return new EdgeDefinition
        {
            From = ReadString(edge, path, "from", required: true) ?? string.Empty,
            To = ReadString(edge, path, "to", required: true) ?? string.Empty,
            Condition = ReadString(edge, path, "condition"),
        };
    }

    private IReadOnlyList<T> ReadArray<T>(JsonElement parent, string path, string name, Func<JsonElement, string, T> read)
    {
        var arrayPath = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Add(arrayPath, $"must be an array, not {Describe(array.ValueKind)}");
            return [];
        }

        var result = new List<T>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            result.Add(read(item, $"{arrayPath}[{index++}]"));
        }

        return result;
    }

    private T? ReadObject<T>(JsonElement parent, string path, string name, Func<JsonElement, string, T> read, bool required = false)
        where T : class
    {
        var objectPath = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(objectPath, $"required property '{name}' is missing");
            }

            return null;
        }

        return ExpectObject(value, objectPath) ? read(value, objectPath) : null;
    }

    private string? ReadString(JsonElement parent, string path, string name, bool required = false, bool allowNumber = false)
    {
        var valuePath = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(valuePath, $"required property '{name}' is missing");
            }

            return null;
        }

        if (allowNumber && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        var text = ExpectString(value, valuePath);
        if (text is not null && required && string.IsNullOrWhiteSpace(text))
        {
            Add(valuePath, $"'{name}' must not be empty");
        }

        return text;
    }

    private double? ReadNumber(JsonElement parent, string path, string name, bool integer, bool required = false)
    {
        var valuePath = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(valuePath, $"required property '{name}' is missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Add(valuePath, $"must be a number, not {Describe(value.ValueKind)}");
            return null;
        }

        if (integer)
        {
            if (!value.TryGetInt32(out var whole))
            {
                Add(valuePath, $"must be a whole number between {int.MinValue} and {int.MaxValue}");
                return null;
            }

            return whole;
        }

        return value.GetDouble();
    }

    private TimeSpan? ReadDuration(JsonElement parent, string path, string name)
    {
        var valuePath = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = ExpectString(value, valuePath);
        if (text is null)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var duration))
        {
            Add(valuePath, $"'{text}' is not a duration (a number with ms, s, m or h, e.g. '500ms', '30s', '2m')");
            return null;
        }

        return duration;
    }

    private string? ExpectString(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, $"must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        return value.GetString();
    }

    private bool ExpectObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"must be an object, not {Describe(value.ValueKind)}");
            return false;
        }

        return true;
    }

    private void CheckProperties(JsonElement obj, string path, string[] allowed)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(PropertyPath(path, property.Name), $"unknown property '{property.Name}'");
            }
        }
    }

    private void Add(string path, string message) => _problems.Add(new ChainDefinitionProblem(path, message));
}
