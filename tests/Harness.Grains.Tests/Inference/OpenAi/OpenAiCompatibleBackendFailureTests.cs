using System.Net;
using System.Net.Sockets;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Inference;
using Microsoft.Extensions.Logging;
using Xunit;
using static Harness.Grains.Tests.Inference.OpenAi.OpenAiTestBackends;
using static Harness.Grains.Tests.Inference.OpenAi.OpenAiTestServer;

namespace Harness.Grains.Tests.Inference.OpenAi;

public sealed class OpenAiCompatibleBackendFailureTests
{
    [Fact]
    public async Task A_client_error_throws_with_the_status_and_the_servers_message_without_retrying()
    {
        await using var server = await StartAsync((context, _) => ErrorAsync(
            context,
            400,
            "{\"object\":\"error\",\"error\":{\"message\":\"max_tokens must be at most 4096\",\"type\":\"BadRequestError\",\"code\":400}}"));
        using var factory = Factory();

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(server.BaseUri, error.Endpoint);
        Assert.Contains(server.BaseUri.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_tokens must be at most 4096", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_client_error_without_a_json_body_quotes_the_first_500_characters()
    {
        var body = string.Concat(Enumerable.Range(0, 100).Select(i => $"line{i:D3}-")) + "END";
        await using var server = await StartAsync((context, _) => ErrorAsync(context, 422, body, "text/plain"));
        using var factory = Factory();

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains(body[..500], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(body[..501], error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_one_succeeds()
    {
        await using var server = await StartAsync((context, request) => request.Number <= 2
            ? ErrorAsync(context, 500, "{\"error\":{\"message\":\"engine busy\"}}")
            : StreamAsync(context, ["fine"]));
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var factory = Factory(loggerFactory: loggerFactory);

        var result = await factory.Create(server.BaseUri).RunAsync(Request());

        Assert.Equal("fine", result.Text);
        Assert.Equal(3, server.Requests.Count);
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains(server.BaseUri.ToString(), w, StringComparison.Ordinal));
        Assert.Contains("500", warnings[0], StringComparison.Ordinal);
        Assert.Contains("engine busy", warnings[0], StringComparison.Ordinal);
        Assert.Contains("attempt 2 of 4", warnings[0], StringComparison.Ordinal);
        Assert.Contains("attempt 3 of 4", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_max_retries_naming_the_last_cause()
    {
        await using var server = await StartAsync((context, _) => ErrorAsync(context, 503, "{\"error\":\"Model is overloaded\"}"));
        var options = FastOptions();
        options.MaxRetries = 2;
        using var factory = Factory(options);

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("Harness:Inference:OpenAi:MaxRetries is 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Model is overloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_waits_out_retry_after()
    {
        await using var server = await StartAsync(async (context, request) =>
        {
            if (request.Number == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                await ErrorAsync(context, 429, "{\"error\":{\"message\":\"slow down\"}}");
                return;
            }

            await StreamAsync(context, ["ok"]);
        });
        var options = FastOptions();
        options.RetryMaxDelay = TimeSpan.FromSeconds(5);
        using var factory = Factory(options);

        var result = await factory.Create(server.BaseUri).RunAsync(Request());

        Assert.Equal("ok", result.Text);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);

        // The backoff alone would wait 1 ms; only Retry-After explains a second's gap (a lower bound: load only adds).
        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromMilliseconds(950), $"retried after {requests[1].ArrivedAt - requests[0].ArrivedAt}");
    }

    [Fact]
    public async Task A_refused_connection_fails_after_every_attempt_naming_the_endpoint()
    {
        var endpoint = new Uri($"http://127.0.0.1:{UnusedPort()}/v1");
        var options = FastOptions();
        options.MaxRetries = 2;
        using var factory = Factory(options);

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(endpoint).RunAsync(Request()));

        Assert.Equal(3, error.Attempts);
        Assert.Null(error.StatusCode);
        Assert.Contains(endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection failed", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Response_headers_slower_than_the_first_byte_timeout_are_retried()
    {
        await using var server = await StartAsync((context, request) => request.Number == 1 ? StallAsync(context) : StreamAsync(context, ["late", " but", " fine"]));
        var options = FastOptions();
        options.FirstByteTimeout = TimeSpan.FromSeconds(1);
        using var factory = Factory(options);

        var result = await factory.Create(server.BaseUri).RunAsync(Request());

        Assert.Equal("late but fine", result.Text);
        Assert.True(server.Requests.Count >= 2);
    }

    [Fact]
    public async Task Headers_that_never_come_give_up_naming_the_first_byte_timeout()
    {
        await using var server = await StartAsync((context, _) => StallAsync(context));
        var options = FastOptions();
        options.FirstByteTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxRetries = 1;
        using var factory = Factory(options);

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Equal(2, error.Attempts);
        Assert.Contains("Harness:Inference:OpenAi:FirstByteTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_dropped_after_three_tokens_is_continued_from_them()
    {
        var consumedThree = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (context, request) =>
        {
            if (request.Number == 1)
            {
                await BeginStreamAsync(context);
                await WriteChunkAsync(context, "A");
                await WriteChunkAsync(context, " B");
                await WriteChunkAsync(context, " C");

                // Dropped only once the client holds the three tokens, so none can be lost in flight.
                await consumedThree.Task.WaitAsync(Guard);
                context.Abort();
                return;
            }

            await StreamAsync(context, [" D", " E"]);
        });
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var factory = Factory(loggerFactory: loggerFactory);
        var streamed = new List<InferenceToken>();

        var result = await factory.Create(server.BaseUri).RunAsync(Request(maxTokens: 10), (token, _) =>
        {
            streamed.Add(token);
            if (token.Index == 2)
            {
                consumedThree.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(["A", " B", " C", " D", " E"], result.Tokens);
        Assert.Equal([0, 1, 2, 3, 4], streamed.Select(t => t.Index));
        Assert.Equal(InferenceFinishReason.Stop, streamed[^1].FinishReason);
        Assert.Equal(0, result.ResumedTokenCount);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        var continuation = requests[1].Body;
        Assert.Equal("A B C", continuation.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.True(continuation.GetProperty("continue_final_message").GetBoolean());
        Assert.Equal(7, continuation.GetProperty("max_tokens").GetInt32());
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning).Message;
        Assert.Contains("after 3 tokens", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_idle_beyond_the_idle_timeout_is_continued()
    {
        await using var server = await StartAsync(async (context, request) =>
        {
            if (request.Number == 1)
            {
                await BeginStreamAsync(context);
                await WriteChunkAsync(context, "Slow");
                await WriteChunkAsync(context, " start");
                await StallAsync(context);
                return;
            }

            await StreamAsync(context, [",", " quick", " end"]);
        });
        var options = FastOptions();
        options.IdleTimeout = TimeSpan.FromSeconds(1);
        using var factory = Factory(options);

        var tokens = await CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), default)).WaitAsync(Guard);

        Assert.Equal(["Slow", " start", ",", " quick", " end"], tokens.Select(t => t.Text));
        Assert.Equal([0, 1, 2, 3, 4], tokens.Select(t => t.Index));
        var continuation = server.Requests[^1].Body;
        Assert.Equal("Slow start", continuation.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_stream_that_ends_without_done_or_finish_is_continued()
    {
        await using var server = await StartAsync(async (context, request) =>
        {
            if (request.Number == 1)
            {
                await BeginStreamAsync(context);
                await WriteChunkAsync(context, "half");
                return; // the response ends cleanly, but the generation did not
            }

            await StreamAsync(context, [" whole"]);
        });
        using var factory = Factory();

        var result = await factory.Create(server.BaseUri).RunAsync(Request());

        Assert.Equal(["half", " whole"], result.Tokens);
        Assert.Equal("half", server.Requests[1].Body.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_vllm_abort_finish_is_continued_rather_than_taken_as_the_end()
    {
        await using var server = await StartAsync(async (context, request) =>
        {
            if (request.Number == 1)
            {
                await BeginStreamAsync(context);
                await WriteChunkAsync(context, "cut");
                await WriteChunkAsync(context, " short", "abort");
                await WriteDoneAsync(context);
                return;
            }

            await StreamAsync(context, [" resumed"]);
        });
        using var factory = Factory();

        var result = await factory.Create(server.BaseUri).RunAsync(Request());

        Assert.Equal(["cut", " short", " resumed"], result.Tokens);
        Assert.Equal(InferenceFinishReason.Stop, result.FinishReason);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_operation_cancelled_promptly()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteChunkAsync(context, "first");
            await StallAsync(context);
        });
        var options = FastOptions();
        options.IdleTimeout = TimeSpan.FromMinutes(10);
        using var factory = Factory(options);
        using var cancel = new CancellationTokenSource();
        var stream = factory.Create(server.BaseUri).GenerateAsync(Request(), cancel.Token);
        await using var enumerator = stream.GetAsyncEnumerator(cancel.Token);

        Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(Guard));
        Assert.Equal("first", enumerator.Current.Text);
        var next = enumerator.MoveNextAsync().AsTask();
        cancel.Cancel();

        // The guard is far below the idle timeout: only the cancellation can end the wait in time.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Guard));
    }

    [Fact]
    public async Task Cancelling_a_run_mid_stream_returns_the_tokens_so_far_as_cancelled()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteChunkAsync(context, "first");
            await WriteChunkAsync(context, " second");
            await StallAsync(context);
        });
        var options = FastOptions();
        options.IdleTimeout = TimeSpan.FromMinutes(10);
        using var factory = Factory(options);
        using var cancel = new CancellationTokenSource();

        var result = await factory.Create(server.BaseUri).RunAsync(
            Request(),
            (token, _) =>
            {
                if (token.Index == 1)
                {
                    cancel.Cancel();
                }

                return ValueTask.CompletedTask;
            },
            cancel.Token);

        Assert.Equal(InferenceFinishReason.Cancelled, result.FinishReason);
        Assert.Equal(["first", " second"], result.Tokens);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_headers_throws_operation_cancelled()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await StallAsync(context);
        });
        var options = FastOptions();
        options.FirstByteTimeout = TimeSpan.FromMinutes(10);
        using var factory = Factory(options);
        using var cancel = new CancellationTokenSource();

        var collecting = CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), cancel.Token), cancel.Token);
        await arrived.Task.WaitAsync(Guard);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collecting.WaitAsync(Guard));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_delay_throws_operation_cancelled()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (context, _) =>
        {
            await ErrorAsync(context, 500, "{\"error\":{\"message\":\"down\"}}");
            arrived.TrySetResult();
        });
        var options = FastOptions();
        options.RetryBaseDelay = TimeSpan.FromMinutes(10);
        options.RetryMaxDelay = TimeSpan.FromMinutes(10);
        using var factory = Factory(options);
        using var cancel = new CancellationTokenSource();

        var collecting = CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), cancel.Token), cancel.Token);
        await arrived.Task.WaitAsync(Guard);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collecting.WaitAsync(Guard));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_error_streamed_mid_way_with_a_client_status_is_not_retried()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteChunkAsync(context, "partial");
            await WriteRawAsync(context, "data: {\"error\":{\"message\":\"prompt too long\",\"code\":400}}\n\n");
        });
        using var factory = Factory();

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => CollectAsync(factory.Create(server.BaseUri).GenerateAsync(Request(), default)).WaitAsync(Guard));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("prompt too long", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_json_answer_instead_of_an_event_stream_is_refused()
    {
        await using var server = await StartAsync((context, _) => ErrorAsync(context, 200, "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}"));
        using var factory = Factory();

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Contains("text/event-stream", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_event_that_is_not_json_is_refused_without_retrying()
    {
        await using var server = await StartAsync(async (context, _) =>
        {
            await BeginStreamAsync(context);
            await WriteRawAsync(context, "data: this is not json\n\n");
        });
        using var factory = Factory();

        var error = await Assert.ThrowsAsync<InferenceBackendException>(() => factory.Create(server.BaseUri).RunAsync(Request()));

        Assert.Contains("this is not json", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
