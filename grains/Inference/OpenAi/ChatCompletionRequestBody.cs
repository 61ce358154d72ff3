using System.Buffers;
using System.Text.Json;
using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>Writes the JSON body of a streamed <c>POST {base}/chat/completions</c>.</summary>
internal static class ChatCompletionRequestBody
{
    /// <summary>Writes the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="imageDataUrl">The image as a <c>data:</c> URL, or null.</param>
    /// <param name="assistantPrefix">The text already generated, continued as the assistant's message; null for none.</param>
    /// <param name="maxTokens">The tokens still to generate.</param>
    /// <param name="priority">vLLM's <c>priority</c>, or null to send none.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] Write(InferenceRequest request, string? imageDataUrl, string? assistantPrefix, int maxTokens, int? priority)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + request.Prompt.Length + (imageDataUrl?.Length ?? 0) + (assistantPrefix?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", request.Model);
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            if (imageDataUrl is null)
            {
                writer.WriteString("content", request.Prompt);
            }
            else
            {
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", request.Prompt);
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", imageDataUrl);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            if (assistantPrefix is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("role", "assistant");
                writer.WriteString("content", assistantPrefix);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
            writer.WriteNumber("max_tokens", maxTokens);
            writer.WriteNumber("temperature", request.Temperature);
            writer.WriteNumber("top_p", request.TopP);
            writer.WriteNumber("seed", request.Seed);

            var wroteStop = false;
            foreach (var stop in request.StopSequences)
            {
                if (string.IsNullOrEmpty(stop))
                {
                    continue;
                }

                if (!wroteStop)
                {
                    writer.WriteStartArray("stop");
                    wroteStop = true;
                }

                writer.WriteStringValue(stop);
            }

            if (wroteStop)
            {
                writer.WriteEndArray();
            }

            if (priority is { } value)
            {
                writer.WriteNumber("priority", value);
            }

            if (assistantPrefix is not null)
            {
                // vLLM's chat extensions: leave the last (assistant) message open and continue it rather than start a
                // new reply. The two flags are mutually exclusive in vLLM.
                writer.WriteBoolean("continue_final_message", true);
                writer.WriteBoolean("add_generation_prompt", false);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
