using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;

namespace Harness.Client.Api;

/// <summary>
/// Calls a silo's <c>/api</c> HTTP routes. Construct it over an <see cref="HttpClient"/> whose <c>BaseAddress</c> is
/// the silo (or register it with <c>AddHarnessApiClient</c>). Error answers become <see cref="HarnessApiException"/>;
/// failing to reach the silo becomes <see cref="HarnessApiUnreachableException"/>.
/// </summary>
public sealed class HarnessApiClient
{
    /// <summary>How long <see cref="FollowChainAsync"/> waits before its first retry of a connection that delivered nothing; each further retry waits one more such step.</summary>
    public static readonly TimeSpan DefaultReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>How many reconnections in a row that deliver no event <see cref="FollowChainAsync"/> makes before giving up.</summary>
    public const int MaxReconnectAttempts = 5;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue YamlMediaType = new("application/yaml") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client over <paramref name="http"/>, whose <c>BaseAddress</c> must be set.</summary>
    /// <param name="http">The HTTP client, its base address the silo (e.g. <c>http://localhost:8080/</c>).</param>
    /// <param name="timeProvider">The clock for reconnection delays; the system clock when null.</param>
    public HarnessApiClient(HttpClient http, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the silo's URL).", nameof(http));
        }

        _http = http;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the API's base address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Submits a chain definition document (<c>POST /api/chains</c>).</summary>
    /// <param name="document">The definition, as JSON or YAML text.</param>
    /// <param name="kind">The document's format.</param>
    /// <param name="options">The agent, QoS, id and inputs; none when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted chain's id and links.</returns>
    /// <exception cref="HarnessApiException">The definition is invalid (<see cref="HarnessApiException.Errors"/> says where) or the server refused it.</exception>
    public async Task<ChainAccepted> SubmitChainAsync(string document, ChainDocumentKind kind, ChainSubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var query = new List<KeyValuePair<string, string>>();
        if (options is not null)
        {
            AddIfSet(query, "agent", options.Agent);
            AddIfSet(query, "agentVersion", options.AgentVersion);
            AddIfSet(query, "qos", options.Qos?.ToWireName());
            AddIfSet(query, "id", options.Id);
            foreach (var (name, value) in options.Inputs)
            {
                query.Add(new("input." + name, value));
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Relative("api/chains" + QueryString(query)));
        request.Content = new StringContent(document, Encoding.UTF8);
        request.Content.Headers.ContentType = kind == ChainDocumentKind.Yaml ? YamlMediaType : JsonMediaType;
        return await SendForAsync<ChainAccepted>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a chain's snapshot (<c>GET /api/chains/{id}</c>).</summary>
    /// <exception cref="HarnessApiException">No such chain (404).</exception>
    public Task<ChainSnapshot> GetChainAsync(string id, CancellationToken cancellationToken = default) =>
        GetForAsync<ChainSnapshot>(ChainPath(id), cancellationToken);

    /// <summary>Lists recent chains, newest first (<c>GET /api/chains</c>).</summary>
    /// <param name="limit">The most to list; the server's default when null.</param>
    /// <param name="status">Only chains in this status; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<ChainSummary>> ListChainsAsync(int? limit = null, ChainStatus? status = null, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string>>();
        AddIfSet(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        AddIfSet(query, "status", status is { } s ? JsonNamingPolicy.CamelCase.ConvertName(s.ToString()) : null);
        return GetForAsync<IReadOnlyList<ChainSummary>>("api/chains" + QueryString(query), cancellationToken);
    }

    /// <summary>
    /// Follows a chain's events (<c>GET /api/chains/{id}/events</c>, server-sent events) until its final event
    /// (succeeded, failed or cancelled). A dropped connection is resumed with <c>Last-Event-ID</c>, so every event
    /// after <paramref name="afterSequence"/> arrives once, in order.
    /// </summary>
    /// <param name="id">The chain's id.</param>
    /// <param name="afterSequence">Only events after this sequence number; from the first event when null.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <exception cref="HarnessApiException">No such chain (404), or the server answered an error.</exception>
    /// <exception cref="HarnessApiUnreachableException">The first connection failed, or <see cref="MaxReconnectAttempts"/> reconnections in a row delivered nothing.</exception>
    public async IAsyncEnumerable<ChainEvent> FollowChainAsync(string id, long? afterSequence = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterSequence;
        var fruitless = 0;
        var connectedOnce = false;
        var retryDelay = DefaultReconnectDelay;
        while (true)
        {
            var deliveredAny = false;
            Exception? dropped = null;
            using (var request = new HttpRequestMessage(HttpMethod.Get, Relative(ChainPath(id) + "/events" + (last is { } after ? "?after=" + after.ToString(CultureInfo.InvariantCulture) : string.Empty))))
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (last is { } lastId)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId.ToString(CultureInfo.InvariantCulture));
                }

                HttpResponseMessage? response = null;
                try
                {
                    response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HarnessApiUnreachableException exception) when (connectedOnce && fruitless < MaxReconnectAttempts)
                {
                    dropped = exception;
                }

                if (response is not null)
                {
                    connectedOnce = true;
                    using (response)
                    {
                        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        await using var items = SseParser.Create(stream, ParseEvent).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                        while (true)
                        {
                            bool more;
                            try
                            {
                                more = await items.MoveNextAsync().ConfigureAwait(false);
                            }
                            catch (Exception exception) when (IsConnectionFailure(exception) && !cancellationToken.IsCancellationRequested)
                            {
                                dropped = exception;
                                break;
                            }

                            if (!more)
                            {
                                break;
                            }

                            retryDelay = items.Current.ReconnectionInterval ?? retryDelay;
                            if (items.Current.Data is not { } chainEvent || (last is { } seen && chainEvent.Sequence <= seen))
                            {
                                continue;
                            }

                            last = chainEvent.Sequence;
                            deliveredAny = true;
                            yield return chainEvent;
                            if (IsFinal(chainEvent.Kind))
                            {
                                yield break;
                            }
                        }
                    }
                }
            }

            if (deliveredAny)
            {
                fruitless = 0;
                continue;
            }

            if (dropped is null)
            {
                // The server ended the stream without news: the chain may have ended before we (re)connected.
                var snapshot = await GetChainAsync(id, cancellationToken).ConfigureAwait(false);
                if (snapshot.Status is ChainStatus.Succeeded or ChainStatus.Failed or ChainStatus.Cancelled)
                {
                    yield break;
                }
            }

            if (++fruitless > MaxReconnectAttempts)
            {
                throw new HarnessApiUnreachableException(
                    $"Lost the event stream of chain {id} at {BaseAddress}: {MaxReconnectAttempts} reconnections in a row delivered nothing ({dropped?.Message ?? "the stream ended early"}).",
                    dropped ?? new IOException("The event stream ended before the chain's final event."));
            }

            await Task.Delay(retryDelay * fruitless, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels a chain (<c>POST /api/chains/{id}/cancel</c>).</summary>
    /// <param name="id">The chain's id.</param>
    /// <param name="reason">Why, recorded with the chain; none when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ChainSnapshot> CancelChainAsync(string id, string? reason = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative(ChainPath(id) + "/cancel"));
        if (reason is not null)
        {
            request.Content = JsonContent.Create(new CancelRequestBody(reason), options: HarnessApiJson.Options);
        }

        return await SendForAsync<ChainSnapshot>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pauses a chain at its next checkpoint (<c>POST /api/chains/{id}/pause</c>).</summary>
    public Task<ChainSnapshot> PauseChainAsync(string id, CancellationToken cancellationToken = default) =>
        PostForAsync<ChainSnapshot>(ChainPath(id) + "/pause", cancellationToken);

    /// <summary>Resumes a paused chain (<c>POST /api/chains/{id}/resume</c>).</summary>
    public Task<ChainSnapshot> ResumeChainAsync(string id, CancellationToken cancellationToken = default) =>
        PostForAsync<ChainSnapshot>(ChainPath(id) + "/resume", cancellationToken);

    /// <summary>Lists agents with their versions and metrics (<c>GET /api/agents</c>).</summary>
    public Task<IReadOnlyList<AgentOverview>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        GetForAsync<IReadOnlyList<AgentOverview>>("api/agents", cancellationToken);

    /// <summary>Reads one agent (<c>GET /api/agents/{name}</c>).</summary>
    public Task<AgentOverview> GetAgentAsync(string name, CancellationToken cancellationToken = default) =>
        GetForAsync<AgentOverview>("api/agents/" + Uri.EscapeDataString(name), cancellationToken);

    /// <summary>Registers an agent version (<c>POST /api/agents</c>).</summary>
    /// <exception cref="HarnessApiException">The definition is invalid, or that version exists with another definition.</exception>
    public async Task<AgentVersionInfo> RegisterAgentAsync(AgentDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative("api/agents"))
        {
            Content = JsonContent.Create(definition, options: HarnessApiJson.Options),
        };
        return await SendForAsync<AgentVersionInfo>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers an agent version from its JSON definition document (<c>POST /api/agents</c>), letting the server validate it.</summary>
    public async Task<AgentVersionInfo> RegisterAgentAsync(string definitionJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitionJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative("api/agents"))
        {
            Content = new StringContent(definitionJson, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = JsonMediaType;
        return await SendForAsync<AgentVersionInfo>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings an agent version online (<c>POST /api/agents/{name}/versions/{version}/online</c>).</summary>
    public Task<AgentVersionInfo> SetAgentOnlineAsync(string name, string version, CancellationToken cancellationToken = default) =>
        PostForAsync<AgentVersionInfo>(AgentVersionPath(name, version) + "/online", cancellationToken);

    /// <summary>Takes an agent version offline (<c>POST /api/agents/{name}/versions/{version}/offline</c>).</summary>
    public Task<AgentVersionInfo> SetAgentOfflineAsync(string name, string version, CancellationToken cancellationToken = default) =>
        PostForAsync<AgentVersionInfo>(AgentVersionPath(name, version) + "/offline", cancellationToken);

    /// <summary>Lists every silo's devices (<c>GET /api/devices</c>).</summary>
    public Task<IReadOnlyList<DeviceReport>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        GetForAsync<IReadOnlyList<DeviceReport>>("api/devices", cancellationToken);

    /// <summary>Lists the cluster's silos (<c>GET /api/silos</c>).</summary>
    public Task<IReadOnlyList<SiloReport>> ListSilosAsync(CancellationToken cancellationToken = default) =>
        GetForAsync<IReadOnlyList<SiloReport>>("api/silos", cancellationToken);

    /// <summary>Reads the silo's health report (<c>GET /health</c>); an unhealthy silo (HTTP 503) still returns its report.</summary>
    public async Task<SiloHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative("health"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken, HttpStatusCode.ServiceUnavailable).ConfigureAwait(false);
        return await ReadAsync<SiloHealth>(response, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsFinal(ChainEventKind kind) => kind is ChainEventKind.Succeeded or ChainEventKind.Failed or ChainEventKind.Cancelled;

    private static bool IsConnectionFailure(Exception exception) => exception is HttpRequestException or IOException;

    private static ChainEvent? ParseEvent(string eventType, ReadOnlySpan<byte> data) =>
        data.IsEmpty ? null : JsonSerializer.Deserialize<ChainEvent>(data, HarnessApiJson.Options);

    private static string ChainPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "api/chains/" + Uri.EscapeDataString(id);
    }

    private static string AgentVersionPath(string name, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        return "api/agents/" + Uri.EscapeDataString(name) + "/versions/" + Uri.EscapeDataString(version);
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(new(name, value));
        }
    }

    private static string QueryString(List<KeyValuePair<string, string>> query) =>
        query.Count == 0 ? string.Empty : "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<T> GetForAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(path));
        return await SendForAsync<T>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PostForAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Relative(path));
        return await SendForAsync<T>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendForAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken, HttpStatusCode? alsoAccepted = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new HarnessApiUnreachableException(_http.BaseAddress, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HarnessApiUnreachableException(_http.BaseAddress, new TimeoutException($"No answer within {_http.Timeout}.", exception));
        }

        if (response.IsSuccessStatusCode || response.StatusCode == alsoAccepted)
        {
            return response;
        }

        using (response)
        {
            throw await HarnessProblemReader.ReadAsync(request, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(HarnessApiJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new HarnessApiException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} returned an empty body.");
        }
        catch (JsonException exception)
        {
            throw new HarnessApiException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} returned a body that is not a {typeof(T).Name}: {exception.Message}", exception);
        }
        catch (Exception exception) when (IsConnectionFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new HarnessApiUnreachableException(_http.BaseAddress, exception);
        }
    }

    private sealed record CancelRequestBody(string Reason);
}
