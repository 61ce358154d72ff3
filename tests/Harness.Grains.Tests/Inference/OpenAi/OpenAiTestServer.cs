using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Tests.Inference.OpenAi;

/// <summary>One request the test server received.</summary>
/// <param name="Number">The request's number, from 1.</param>
/// <param name="Path">The request path.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="ArrivedAt">When it arrived, on the server's stopwatch.</param>
public sealed record RecordedRequest(int Number, string Path, string? Authorization, JsonElement Body, TimeSpan ArrivedAt);

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) speaking the OpenAI streaming protocol as each test scripts
/// it: the handler gets the context and the request's number (from 1) and writes whatever the test needs.
/// </summary>
public sealed class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;

    private OpenAiTestServer(Func<HttpContext, RecordedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async context =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var request = new RecordedRequest(
                Interlocked.Increment(ref _count),
                context.Request.Path,
                context.Request.Headers.Authorization.FirstOrDefault(),
                document.RootElement.Clone(),
                _clock.Elapsed);
            _requests.Enqueue(request);
            await handler(context, request);
        });
    }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<OpenAiTestServer> StartAsync(Func<HttpContext, RecordedRequest, Task> handler)
    {
        var server = new OpenAiTestServer(handler);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Starts an event stream: status 200, <c>text/event-stream</c>, headers flushed.</summary>
    public static async Task BeginStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(context.RequestAborted);
    }

    /// <summary>Writes one <c>chat.completion.chunk</c> event and flushes it.</summary>
    public static Task WriteChunkAsync(HttpContext context, string? content, string? finishReason = null, bool withUsage = false)
    {
        var json = new StringBuilder("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{");
        if (content is not null)
        {
            json.Append("\"content\":").Append(JsonSerializer.Serialize(content));
        }

        json.Append("},\"logprobs\":null,\"finish_reason\":").Append(finishReason is null ? "null" : JsonSerializer.Serialize(finishReason)).Append("}]");
        if (withUsage)
        {
            json.Append(",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}");
        }

        json.Append('}');
        return WriteRawAsync(context, "data: " + json + "\n\n");
    }

    /// <summary>Writes the final usage chunk (no choices) vLLM sends with <c>include_usage</c>.</summary>
    public static Task WriteUsageAsync(HttpContext context) =>
        WriteRawAsync(context, "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\n");

    public static Task WriteDoneAsync(HttpContext context) => WriteRawAsync(context, "data: [DONE]\n\n");

    public static async Task WriteRawAsync(HttpContext context, string text)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Streams the pieces, the last carrying <paramref name="finishReason"/>, then usage and [DONE].</summary>
    public static async Task StreamAsync(HttpContext context, IEnumerable<string> pieces, string finishReason = "stop")
    {
        await BeginStreamAsync(context);
        var list = pieces.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            await WriteChunkAsync(context, list[i], i == list.Count - 1 ? finishReason : null);
        }

        await WriteUsageAsync(context);
        await WriteDoneAsync(context);
    }

    /// <summary>Answers with a status and a JSON or text body.</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Waits until the client goes away: a server that never answers.</summary>
    public static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
