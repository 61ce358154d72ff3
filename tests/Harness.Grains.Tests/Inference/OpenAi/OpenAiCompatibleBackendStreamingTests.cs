using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Inference;
using Xunit;
using static Harness.Grains.Tests.Inference.OpenAi.OpenAiTestBackends;
using static Harness.Grains.Tests.Inference.OpenAi.OpenAiTestServer;

namespace Harness.Grains.Tests.Inference.OpenAi;

public sealed class OpenAiCompatibleBackendStreamingTests
{
    [Fact]
    public async Task Streamed_chunks_become_tokens_with_the_finish_reason_and_timings()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteChunkAsync(context, string.Empty); // vLLM's first chunk: the role, no text
            await WriteChunkAsync(context, "Bake", withUsage: true);
            await Task.Delay(20);
            await WriteChunkAsync(context, " an", withUsage: true);
            await Task.Delay(20);
            await WriteChunkAsync(context, " omelette", withUsage: true);
            await WriteChunkAsync(context, null, "stop");
            await WriteUsageAsync(context);
            await WriteDoneAsync(context);
        });
        using var factory = Factory();
        var backend = factory.Create(server.BaseUri);
        var streamed = new List<InferenceToken>();

        var result = await backend.RunAsync(Request(), (token, _) =>
        {
            streamed.Add(token);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(
            [new(0, "Bake"), new(1, " an"), new(2, " omelette"), new InferenceToken(3, string.Empty, InferenceFinishReason.Stop)],
            streamed);
        Assert.Equal("Bake an omelette", result.Text);
        Assert.Equal(InferenceFinishReason.Stop, result.FinishReason);
        Assert.Equal("openai-compatible", result.Backend);
        Assert.NotNull(result.TimeToFirstToken);
        Assert.NotNull(result.MeanTimeBetweenTokens);
        Assert.NotNull(result.P99TimeBetweenTokens);
        Assert.Empty(result.TokenIds);
        Assert.Equal(backend.CountTokens(Request().Prompt), result.PromptTokenCount);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_length_finish_on_a_chunk_with_text_ends_on_that_token()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["one", " two"], "length"));
        using var factory = Factory();

        var tokens = await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(maxTokens: 2), default)).WaitAsync(Guard);

        Assert.Equal([new(0, "one"), new InferenceToken(1, " two", InferenceFinishReason.Length)], tokens);
    }

    [Fact]
    public async Task The_request_carries_the_sampling_fields_and_the_bearer_key_but_no_priority_by_default()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        var options = FastOptions();
        options.ApiKey = "sk-local-123";
        using var factory = Factory(options);
        var request = Request(maxTokens: 64) with { StopSequences = ["\n\n", string.Empty, "END"], Qos = QosClass.Background };

        await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(request, default)).WaitAsync(Guard);

        var sent = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer sk-local-123", sent.Authorization);
        var body = sent.Body;
        Assert.Equal("llama", body.GetProperty("model").GetString());
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(request.Prompt, message.GetProperty("content").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal(["\n\n", "END"], body.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.TryGetProperty("priority", out _));
        Assert.False(body.TryGetProperty("continue_final_message", out _));
    }

    [Fact]
    public async Task No_key_sends_no_authorization_and_no_stop_sequences_send_no_stop()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        using var factory = Factory();

        await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), default)).WaitAsync(Guard);

        var sent = Assert.Single(server.Requests);
        Assert.Null(sent.Authorization);
        Assert.False(sent.Body.TryGetProperty("stop", out _));
    }

    [Theory]
    [InlineData(QosClass.Realtime, 0)]
    [InlineData(QosClass.Standard, 1)]
    [InlineData(QosClass.Background, 2)]
    public async Task Priority_scheduling_sends_the_qos_class_as_vllm_priority(QosClass qos, int priority)
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        var options = FastOptions();
        options.PriorityScheduling = true;
        using var factory = Factory(options);

        await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request() with { Qos = qos }, default)).WaitAsync(Guard);

        Assert.Equal(priority, Assert.Single(server.Requests).Body.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task A_resumed_request_continues_the_assistant_message_and_counts_from_the_resumed_tokens()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, [" a", " time"]));
        using var factory = Factory();
        var request = Request(maxTokens: 10) with { ResumeFrom = ["Once", " upon"] };

        var result = await factory.Create(server.BaseUri).RunAsync(request);

        Assert.Equal(["Once", " upon", " a", " time"], result.Tokens);
        Assert.Equal(2, result.ResumedTokenCount);
        var body = Assert.Single(server.Requests).Body;
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("assistant", messages[1].GetProperty("role").GetString());
        Assert.Equal("Once upon", messages[1].GetProperty("content").GetString());
        Assert.True(body.GetProperty("continue_final_message").GetBoolean());
        Assert.False(body.GetProperty("add_generation_prompt").GetBoolean());
        Assert.Equal(8, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task The_stream_from_a_resume_is_indexed_after_the_resumed_tokens()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, [" a", " time"]));
        using var factory = Factory();

        var tokens = await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request() with { ResumeFrom = ["Once", " upon"] }, default)).WaitAsync(Guard);

        Assert.Equal([2, 3], tokens.Select(t => t.Index));
    }

    [Fact]
    public async Task A_request_resumed_at_its_limit_calls_no_server_and_ends_with_length()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["never"]));
        using var factory = Factory();

        var result = await factory.Create(server.BaseUri).RunAsync(Request(maxTokens: 2) with { ResumeFrom = ["a", "b"] });

        Assert.Equal(InferenceFinishReason.Length, result.FinishReason);
        Assert.Equal(["a", "b"], result.Tokens);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Comments_other_fields_crlf_and_events_split_across_writes_are_parsed()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteRawAsync(context, ": keep-alive\r\n\r\n");
            await WriteRawAsync(context, "event: message\r\nid: 1\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\r\n\r\n");
            await WriteRawAsync(context, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\u00e9");
            await Task.Delay(20);
            await WriteRawAsync(context, "t\\u00e9\"},\"finish_reason\":\"stop\"}]}\n\n");
            await WriteDoneAsync(context);
        });
        using var factory = Factory();

        var tokens = await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), default)).WaitAsync(Guard);

        Assert.Equal([new(0, "Hel"), new InferenceToken(1, "lo été", InferenceFinishReason.Stop)], tokens);
    }

    [Fact]
    public async Task A_trailing_slash_on_the_endpoint_is_tolerated()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        using var factory = Factory();
        var backend = factory.Create(new Uri(server.BaseUri + "/"));

        await CollectAsync(backend.GenerateAsync(Request(), default)).WaitAsync(Guard);

        Assert.Equal("/v1/chat/completions", Assert.Single(server.Requests).Path);
        Assert.Equal(server.BaseUri, backend.Endpoint);
    }

    [Fact]
    public async Task An_image_is_sent_inline_as_a_data_url_when_vision_is_supported()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["a cat"]));
        var options = FastOptions();
        options.SupportsVision = true;
        using var factory = Factory(options);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        var request = Request() with { ImageReference = "blob://fridge.png", ImageData = png };

        await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(request, default)).WaitAsync(Guard);

        var content = Assert.Single(server.Requests).Body.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(JsonValueKind.Array, content.ValueKind);
        Assert.Equal("text", content[0].GetProperty("type").GetString());
        Assert.Equal(request.Prompt, content[0].GetProperty("text").GetString());
        Assert.Equal("image_url", content[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), content[1].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0 }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 4, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P', 0 }, "image/webp")]
    public async Task The_image_media_type_is_read_from_its_magic_bytes(byte[] image, string mediaType)
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        var options = FastOptions();
        options.SupportsVision = true;
        using var factory = Factory(options);

        await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request() with { ImageData = image }, default)).WaitAsync(Guard);

        var url = Assert.Single(server.Requests).Body.GetProperty("messages")[0].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString();
        Assert.StartsWith($"data:{mediaType};base64,", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_without_vision_support_is_refused_at_the_call_naming_the_setting()
    {
        await using var server = await StartAsync((context, _) => StreamAsync(context, ["ok"]));
        using var factory = Factory();
        var backend = factory.Create(server.BaseUri);

        var error = Assert.Throws<NotSupportedException>(() => backend.GenerateAsync(Request() with { ImageData = [0xFF, 0xD8, 0xFF, 0] }, default));

        Assert.Contains("no vision-capable backend", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.BaseUri.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("Harness:Inference:OpenAi:SupportsVision is false", error.Message, StringComparison.Ordinal);
        Assert.False(backend.SupportsVision);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Image_bytes_of_an_unknown_format_are_refused_naming_the_field()
    {
        var options = FastOptions();
        options.SupportsVision = true;
        using var factory = Factory(options);
        var backend = factory.Create(new Uri("http://127.0.0.1:1/v1"));

        var error = Assert.Throws<ArgumentException>(() => backend.GenerateAsync(Request() with { ImageData = [1, 2, 3, 4] }, default));

        Assert.Contains("InferenceRequest.ImageData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_outside_the_configured_list_is_refused_at_the_call()
    {
        var options = FastOptions();
        options.Models = ["llama"];
        using var factory = Factory(options);
        var backend = factory.Create(new Uri("http://127.0.0.1:1/v1"));

        Assert.True(backend.SupportsModel("llama"));
        Assert.False(backend.SupportsModel("mistral"));
        var error = Assert.Throws<NotSupportedException>(() => backend.GenerateAsync(Request() with { Model = "mistral" }, default));
        Assert.Contains("Harness:Inference:OpenAi:Models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_counts_are_estimated_from_utf8_bytes()
    {
        using var factory = Factory();
        var backend = factory.Create(new Uri("http://127.0.0.1:1/v1"));

        Assert.Equal(0, backend.CountTokens(string.Empty));
        Assert.Equal(1, backend.CountTokens("abc"));
        Assert.Equal(2, backend.CountTokens("abcde"));
        Assert.Equal(2, backend.CountTokens("ééé")); // 6 bytes
    }

    [Theory]
    [InlineData("ftp://gpu-node/v1")]
    [InlineData("http://gpu-node:8000/v1?x=1")]
    [InlineData("http://user:secret@gpu-node:8000/v1")]
    public void Endpoints_that_are_not_plain_http_base_urls_are_refused(string endpoint)
    {
        using var factory = Factory();

        var error = Assert.Throws<ArgumentException>(() => factory.Create(new Uri(endpoint)));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
