using System.Runtime.CompilerServices;
using Harness.Client.Api;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.Runtime;

namespace Harness.Client.Cluster;

/// <summary>
/// The harness API's operations as grain calls through an <see cref="IClusterClient"/>, for callers inside the
/// cluster's network that connect to a gateway instead of the HTTP API. Definitions arrive already parsed
/// (<see cref="ChainSubmission"/>): parsing documents lives with the grains.
/// </summary>
public sealed class HarnessClusterApi
{
    /// <summary>How long one <see cref="FollowChainAsync"/> poll waits at the chain for new events.</summary>
    public static readonly TimeSpan EventPollWait = TimeSpan.FromSeconds(30);

    /// <summary>The most chains <see cref="ListChainsAsync"/> lists when no limit is given.</summary>
    public const int DefaultListLimit = 50;

    private readonly IClusterClient _client;

    /// <summary>Creates the API over a connected cluster client.</summary>
    /// <param name="client">The cluster client (<c>AddHarnessClient</c> registers and connects one).</param>
    public HarnessClusterApi(IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Submits a chain; resubmitting with the same <paramref name="id"/> returns the existing chain.</summary>
    /// <param name="submission">The parsed definition with its inputs, agent and QoS.</param>
    /// <param name="id">The chain's id; a new one when null.</param>
    /// <param name="cancellationToken">Stops waiting (the submission may still take effect).</param>
    /// <returns>The chain's snapshot after submission.</returns>
    public Task<ChainSnapshot> SubmitChainAsync(ChainSubmission submission, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var chainId = string.IsNullOrWhiteSpace(id) ? Guid.NewGuid().ToString("N") : id;
        return Chain(chainId).Submit(submission).WaitAsync(cancellationToken);
    }

    /// <summary>Reads a chain's snapshot.</summary>
    public Task<ChainSnapshot> GetChainAsync(string id, CancellationToken cancellationToken = default) =>
        Chain(id).GetSnapshot().WaitAsync(cancellationToken);

    /// <summary>Lists recent chains from the chain index.</summary>
    /// <param name="limit">The most to list; <see cref="DefaultListLimit"/> when null.</param>
    /// <param name="status">Only chains in this status; all when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<ChainSummary>> ListChainsAsync(int? limit = null, ChainStatus? status = null, CancellationToken cancellationToken = default) =>
        _client.GetGrain<IChainIndexGrain>(ChainIndexKeys.All).List(limit ?? DefaultListLimit, status).WaitAsync(cancellationToken);

    /// <summary>Follows a chain's events by long-polling the chain grain, until its final event.</summary>
    /// <param name="id">The chain's id.</param>
    /// <param name="afterSequence">Only events after this sequence number; from the first when null.</param>
    /// <param name="cancellationToken">Stops following.</param>
    public async IAsyncEnumerable<ChainEvent> FollowChainAsync(string id, long? afterSequence = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chain = Chain(id);
        var last = afterSequence ?? 0;
        while (true)
        {
            var page = await chain.GetEvents(last, EventPollWait).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var chainEvent in page.Events)
            {
                if (chainEvent.Sequence <= last)
                {
                    continue;
                }

                last = chainEvent.Sequence;
                yield return chainEvent;
            }

            if (page.Ended)
            {
                yield break;
            }
        }
    }

    /// <summary>Cancels a chain.</summary>
    public Task<ChainSnapshot> CancelChainAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        Chain(id).Cancel(reason).WaitAsync(cancellationToken);

    /// <summary>Pauses a chain at its next checkpoint.</summary>
    public Task<ChainSnapshot> PauseChainAsync(string id, CancellationToken cancellationToken = default) =>
        Chain(id).Pause().WaitAsync(cancellationToken);

    /// <summary>Resumes a paused chain.</summary>
    public Task<ChainSnapshot> ResumeChainAsync(string id, CancellationToken cancellationToken = default) =>
        Chain(id).Resume().WaitAsync(cancellationToken);

    /// <summary>Lists every agent in the catalog with its versions and metrics.</summary>
    public async Task<IReadOnlyList<AgentOverview>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        var names = await _client.GetGrain<IAgentCatalogGrain>(AgentCatalogKeys.All).List().WaitAsync(cancellationToken).ConfigureAwait(false);
        var agents = new AgentOverview[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            agents[i] = await GetAgentAsync(names[i], cancellationToken).ConfigureAwait(false);
        }

        return agents;
    }

    /// <summary>Reads one agent's versions and metrics.</summary>
    public async Task<AgentOverview> GetAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        var agent = Agent(name);
        var versions = await agent.GetVersions().WaitAsync(cancellationToken).ConfigureAwait(false);
        var metrics = await agent.GetMetrics().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new AgentOverview(name, versions, metrics);
    }

    /// <summary>Registers an agent version and lists the agent in the catalog.</summary>
    public async Task<AgentVersionInfo> RegisterAgentAsync(AgentDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var info = await Agent(definition.Name).RegisterVersion(definition).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _client.GetGrain<IAgentCatalogGrain>(AgentCatalogKeys.All).Add(definition.Name).WaitAsync(cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>Brings an agent version online.</summary>
    public Task<AgentVersionInfo> SetAgentOnlineAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Agent(name).SetOnline(version).WaitAsync(cancellationToken);

    /// <summary>Takes an agent version offline.</summary>
    public Task<AgentVersionInfo> SetAgentOfflineAsync(string name, string version, CancellationToken cancellationToken = default) =>
        Agent(name).SetOffline(version).WaitAsync(cancellationToken);

    /// <summary>Reads one device's status.</summary>
    /// <param name="deviceKey">The device grain's key, <c>{silo}/{deviceId}</c> (see <see cref="DeviceGrainKeys"/>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<DeviceStatus> GetDeviceStatusAsync(string deviceKey, CancellationToken cancellationToken = default)
    {
        if (!DeviceGrainKeys.TryParse(deviceKey, out _, out _))
        {
            throw new ArgumentException($"'{deviceKey}' is not a device key ({{silo}}/{{deviceId}}).", nameof(deviceKey));
        }

        return _client.GetGrain<IDeviceGrain>(deviceKey).GetStatus().WaitAsync(cancellationToken);
    }

    /// <summary>Reads several devices' statuses; a device whose silo fails to answer is reported with the error instead.</summary>
    /// <param name="deviceKeys">The device grains' keys, <c>{silo}/{deviceId}</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IReadOnlyList<DeviceReport>> ListDevicesAsync(IEnumerable<string> deviceKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceKeys);
        var reports = new List<DeviceReport>();
        foreach (var key in deviceKeys)
        {
            if (!DeviceGrainKeys.TryParse(key, out var silo, out var deviceId))
            {
                throw new ArgumentException($"'{key}' is not a device key ({{silo}}/{{deviceId}}).", nameof(deviceKeys));
            }

            try
            {
                reports.Add(new DeviceReport(silo, await GetDeviceStatusAsync(key, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reports.Add(new DeviceReport(silo, null, deviceId, exception.Message));
            }
        }

        return reports;
    }

    private IChainGrain Chain(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _client.GetGrain<IChainGrain>(id);
    }

    private IAgentGrain Agent(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _client.GetGrain<IAgentGrain>(name);
    }
}
