using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// An HTTP server on loopback (Kestrel, a port of its own) standing in for the outside world a chain's <c>http</c> tool
/// calls: it counts the requests of every path, records each one (path, <c>Idempotency-Key</c> header, whether its
/// answer was sent) and answers <c>{"path": ..., "n": ...}</c>. A path can be held: its first request then waits, after
/// announcing its arrival, until <see cref="Release"/> (or until its caller goes away).
/// </summary>
internal sealed class CountingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrived = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CountingHttpServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets the <c>host:port</c> the server listens on (for <c>Harness:Tools:Http:AllowedHosts</c>).</summary>
    public string HostAndPort { get; private set; } = string.Empty;

    /// <summary>Gets every request received so far, in arrival order.</summary>
    public IReadOnlyList<Request> Requests => [.. _requests];

    /// <summary>Starts the server on 127.0.0.1 and a free port.</summary>
    public static async Task<CountingHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var server = new CountingHttpServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.HostAndPort = new Uri(address).Authority;
        return server;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server.</summary>
    public string Url(string path) => $"http://{HostAndPort}{path}";

    /// <summary>Gets how many requests <paramref name="path"/> received.</summary>
    public int Count(string path) => _counts.GetValueOrDefault(path);

    /// <summary>Makes the first request of <paramref name="path"/> wait until <see cref="Release"/>; returns a task that completes when it arrives.</summary>
    public Task HoldFirst(string path) => _arrived.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Lets held requests answer (those whose caller is still there).</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Describes every request, for assertion messages.</summary>
    public string Describe() => string.Join("; ", _requests.Select(r => r.ToString()));

    public async ValueTask DisposeAsync()
    {
        Release();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var n = _counts.AddOrUpdate(path, 1, (_, count) => count + 1);
        var request = new Request(path, n, context.Request.Headers["Idempotency-Key"].ToString(), Stopwatch.GetTimestamp());
        _requests.Enqueue(request);
        if (n == 1 && _arrived.TryGetValue(path, out var arrived))
        {
            arrived.TrySetResult();
            try
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller is gone (its silo was killed): nobody reads an answer.
                request.Abandoned = true;
                return;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"path":"{{path}}","n":{{n}}}"""), context.RequestAborted);
        request.Answered = true;
    }

    /// <summary>One request received: its path, its number for that path (from 1), its <c>Idempotency-Key</c> header and when it arrived.</summary>
    internal sealed class Request(string path, int number, string idempotencyKey, long arrived)
    {
        public string Path { get; } = path;

        public int Number { get; } = number;

        public string IdempotencyKey { get; } = idempotencyKey;

        /// <summary>Gets when it arrived (a Stopwatch timestamp).</summary>
        public long Arrived { get; } = arrived;

        /// <summary>Gets or sets a value indicating whether its answer was written (to the connection: a dead caller may never read it).</summary>
        public bool Answered { get; set; }

        /// <summary>Gets or sets a value indicating whether its caller went away before the answer.</summary>
        public bool Abandoned { get; set; }

        public override string ToString() => $"{Path} #{Number} (key '{IdempotencyKey}', {(Answered ? "answered" : Abandoned ? "caller gone" : "pending")})";
    }
}
