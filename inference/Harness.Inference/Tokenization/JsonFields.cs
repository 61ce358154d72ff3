using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Inference.Tokenization;

/// <summary>Reads fields of a JSON configuration file, failing with the file name and the field's JSON path.</summary>
internal sealed class JsonFields
{
    public JsonFields(string fileName)
    {
        FileName = fileName;
    }

    public string FileName { get; }

    public static string Child(string path, string name) => $"{path}.{name}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    public static string Key(string path, string key) => $"{path}[{Quote(key)}]";

    /// <summary>Renders a value for a message: strings quoted and shortened, other kinds named.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString(),
    };

    public static string Quote(string text) => $"\"{JsonEncodedText.Encode(Shorten(text), JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    public TokenizerFormatException Error(string path, string problem, Exception? innerException = null) =>
        new(FileName, path, problem, innerException);

    /// <summary>Parses a whole document.</summary>
    public JsonDocument ParseDocument(ReadOnlyMemory<byte> json)
    {
        // JsonDocument rejects a UTF-8 byte order mark, which editors on Windows add.
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Error("$", $"is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Gets a field that is present and not null.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement RequireObject(JsonElement obj, string name, string path)
    {
        var value = Require(obj, name, path);
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(Child(path, name), $"is {Describe(value)}; expected an object");
        }

        return value;
    }

    public JsonElement? OptionalObject(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(Child(path, name), $"is {Describe(value)}; expected an object or null");
        }

        return value;
    }

    public JsonElement? OptionalArray(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(Child(path, name), $"is {Describe(value)}; expected an array");
        }

        return value;
    }

    public JsonElement RequireArray(JsonElement obj, string name, string path) =>
        OptionalArray(obj, name, path) ?? throw Error(Child(path, name), "is missing");

    public string RequireString(JsonElement obj, string name, string path) =>
        OptionalString(obj, name, path) ?? throw Error(Child(path, name), "is missing");

    public string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(Child(path, name), $"is {Describe(value)}; expected a string");
        }

        return value.GetString()!;
    }

    public bool OptionalBool(JsonElement obj, string name, string path, bool defaultValue)
    {
        if (!TryGet(obj, name, out var value))
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Child(path, name), $"is {Describe(value)}; expected true or false"),
        };
    }

    /// <summary>Reads a token id, an integer from 0 to <see cref="TokenizerLimits.MaxTokenId"/>, without building a path.</summary>
    public static bool TryGetTokenId(JsonElement value, out int id)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out id) && id >= 0 && id <= TokenizerLimits.MaxTokenId)
        {
            return true;
        }

        id = -1;
        return false;
    }

    /// <summary>Reads a token id, an integer from 0 to <see cref="TokenizerLimits.MaxTokenId"/>.</summary>
    public int TokenId(JsonElement value, string path)
    {
        if (TryGetTokenId(value, out var id))
        {
            return id;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out id) && id > TokenizerLimits.MaxTokenId)
        {
            throw Error(path, $"is {id}; token ids above {TokenizerLimits.MaxTokenId} are not supported");
        }

        throw Error(path, $"is {Describe(value)}; expected a token id (an integer from 0)");
    }

    /// <summary>Reads an optional non-negative integer, 0 when absent.</summary>
    public int OptionalCount(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value))
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0)
        {
            throw Error(Child(path, name), $"is {Describe(value)}; expected an integer from 0");
        }

        return count;
    }

    private JsonElement Require(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value))
        {
            throw Error(Child(path, name), "is missing");
        }

        return value;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
