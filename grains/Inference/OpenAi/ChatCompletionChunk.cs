using System.Text.Json;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// What one streamed <c>chat.completion.chunk</c> says about the first choice: its text piece and finish reason, or
/// the error a server streamed instead of a chunk.
/// </summary>
/// <param name="Content">The piece of <c>choices[0].delta.content</c>; null or empty when the chunk has none.</param>
/// <param name="FinishReason">The <c>choices[0].finish_reason</c>, or null.</param>
/// <param name="Error">The server's error message when the chunk is an error, or null.</param>
/// <param name="ErrorCode">The error's numeric code (an HTTP status), when it gave one.</param>
internal readonly record struct ChatCompletionChunk(string? Content, string? FinishReason, string? Error = null, int? ErrorCode = null)
{
    /// <summary>Parses a chunk; chunks without choices (the usage chunk) parse to an empty one.</summary>
    /// <param name="json">The event's data.</param>
    /// <returns>The chunk.</returns>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public static ChatCompletionChunk Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A chunk must be a JSON object, not {root.ValueKind}.");
        }

        if (ErrorMessage(root) is { } error)
        {
            return new ChatCompletionChunk(null, null, error.Message, error.Code);
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return default;
        }

        var choice = choices[0];
        string? content = null;
        if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
            && delta.TryGetProperty("content", out var contentElement) && contentElement.ValueKind == JsonValueKind.String)
        {
            content = contentElement.GetString();
        }

        var finish = choice.TryGetProperty("finish_reason", out var finishElement) && finishElement.ValueKind == JsonValueKind.String
            ? finishElement.GetString()
            : null;
        return new ChatCompletionChunk(content, finish);
    }

    /// <summary>
    /// Reads the message of an error body in the shapes servers use: OpenAI and newer vLLM
    /// <c>{"error":{"message":..,"code":..}}</c>, TGI and Ollama <c>{"error":"..."}</c>, older vLLM
    /// <c>{"object":"error","message":..,"code":..}</c>.
    /// </summary>
    /// <param name="root">The body's root element.</param>
    /// <returns>The message and numeric code, or null when the element is no error.</returns>
    public static (string Message, int? Code)? ErrorMessage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.String:
                    return (error.GetString() ?? string.Empty, null);
                case JsonValueKind.Object:
                    return (StringProperty(error, "message") ?? error.GetRawText(), IntProperty(error, "code"));
                case JsonValueKind.Null:
                    // OpenAI-style bodies may carry "error": null next to a normal result.
                    break;
                default:
                    return (error.GetRawText(), null);
            }
        }

        if (StringProperty(root, "object") == "error")
        {
            return (StringProperty(root, "message") ?? root.GetRawText(), IntProperty(root, "code"));
        }

        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? IntProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
