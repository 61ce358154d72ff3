using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Chains;
using Harness.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>
/// <c>GET /api/chains/{id}/events</c>: server-sent events built on the chain grain's long poll. Each batch is
/// flushed as it arrives; an empty poll sends a keep-alive comment (so proxies keep the connection); the response
/// ends once the page saying the chain ended has been written, or when the client goes away.
/// </summary>
internal static class ChainEventStream
{
    private const string KeepAlive = ": keep-alive\n\n";

    public static async Task<IResult> StreamAsync(
        string id,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        [FromQuery] string? after,
        HttpContext context,
        IGrainFactory grains,
        IOptions<JsonOptions> json,
        IOptions<SiloApiOptions> options,
        ILoggerFactory loggers)
    {
        var sequence = ApiRequest.ParseAfter(lastEventId, after);
        var chain = grains.GetGrain<IChainGrain>(id);

        // A chain never submitted is a 404 problem, which can only be answered before the stream starts.
        await chain.GetSnapshot();

        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(aborted);

        var serializer = json.Value.SerializerOptions;
        var wait = options.Value.EventPollWait;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var page = await chain.GetEvents(sequence, wait).WaitAsync(aborted);
                if (page.Events.Count == 0 && !page.Ended)
                {
                    await response.WriteAsync(KeepAlive, aborted);
                }
                else
                {
                    var batch = new StringBuilder();
                    foreach (var chainEvent in page.Events)
                    {
                        Append(batch, chainEvent, serializer);
                        sequence = chainEvent.Sequence;
                    }

                    await response.WriteAsync(batch.ToString(), aborted);
                }

                await response.Body.FlushAsync(aborted);
                if (page.Ended)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception exception)
        {
            // Headers are sent: the only way left to signal the failure is to end the stream; the client resumes
            // with Last-Event-ID.
            ApiLog.EventStreamFailed(loggers.CreateLogger(ApiLog.Category), id, sequence, exception);
        }

        return Results.Empty;
    }

    private static void Append(StringBuilder batch, ChainEvent chainEvent, JsonSerializerOptions serializer)
    {
        batch.Append("id: ").Append(chainEvent.Sequence).Append('\n');
        batch.Append("event: ").Append(JsonNamingPolicy.CamelCase.ConvertName(chainEvent.Kind.ToString())).Append('\n');

        // Compact JSON has no line breaks, so one data line holds it.
        batch.Append("data: ").Append(JsonSerializer.Serialize(chainEvent, serializer)).Append("\n\n");
    }
}
