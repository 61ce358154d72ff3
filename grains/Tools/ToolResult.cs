using System.Text;
using System.Text.Json;

namespace Harness.Grains.Tools;

/// <summary>The result of a tool call, as JSON text.</summary>
public sealed record ToolResult
{
    /// <summary>Initializes a new instance of the <see cref="ToolResult"/> class.</summary>
    /// <param name="json">The result as JSON text; must be valid JSON.</param>
    public ToolResult(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (JsonDocument.Parse(json))
        {
        }

        Json = json;
    }

    /// <summary>Gets the result as JSON text.</summary>
    public string Json { get; }

    /// <summary>Gets the size of <see cref="Json"/> in UTF-8 bytes.</summary>
    public int SizeBytes => Encoding.UTF8.GetByteCount(Json);

    /// <summary>Creates a result from a JSON element.</summary>
    /// <param name="element">The element.</param>
    /// <returns>The result.</returns>
    public static ToolResult FromJson(JsonElement element) => new(element.GetRawText());

    /// <summary>Creates a result holding <paramref name="text"/> as a JSON string.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The result.</returns>
    public static ToolResult FromString(string text) => new(JsonSerializer.Serialize(text));

    /// <summary>Creates a result from <paramref name="text"/>: as is when it is JSON, otherwise as a JSON string.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The result.</returns>
    public static ToolResult FromJsonOrString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsJson(text) ? new ToolResult(text.Trim()) : FromString(text);
    }

    /// <summary>Parses <see cref="Json"/> into a detached element.</summary>
    /// <returns>The element.</returns>
    public JsonElement ToJsonElement()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }

    private static bool IsJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using (JsonDocument.Parse(text))
            {
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
