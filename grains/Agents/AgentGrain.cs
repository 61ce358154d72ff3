using Harness.GrainInterfaces.Agents;
using Harness.Grains.Tools;
using Harness.Runtime;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Agents;

/// <summary>
/// An agent's version registry. The whole registry (definitions, states, counters) is the checkpoint, written to
/// the <c>Default</c> storage after every change before the call returns.
/// </summary>
[GrainType("agent")]
internal sealed partial class AgentGrain(
    [PersistentState("agent")] IPersistentState<AgentRegistryState> state,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private string Name => GrainId.Key;

    public async Task<AgentVersionInfo> RegisterVersion(AgentDefinition definition)
    {
        AgentDefinitionValidator.Validate(definition, Name);
        if (Find(definition.Version) is { } existing)
        {
            if (FirstDifference(existing.Definition, definition) is { } field)
            {
                throw new InvalidOperationException(
                    $"Agent '{Name}' version '{definition.Version}' is already registered with a different definition (field '{field}' differs); a registered version never changes: register a new version instead.");
            }

            return ToInfo(existing);
        }

        var now = time.GetUtcNow();
        var record = new AgentVersionRecord
        {
            Definition = definition with { Tools = [.. definition.Tools ?? []] },
            State = AgentVersionState.Registered,
            RegisteredAt = now,
            StateChangedAt = now,
        };
        state.State.Versions.Add(record);
        await WriteAsync(() => state.State.Versions.Remove(record));
        LogRegistered(logger, Name, definition.Version, definition.Model);
        return ToInfo(record);
    }

    public Task<AgentVersionInfo> SetOnline(string version) =>
        ChangeStateAsync(Get(version), AgentVersionState.Online);

    public Task<AgentVersionInfo> SetOffline(string version)
    {
        var record = Get(version);
        return ChangeStateAsync(record, record.RunningChains > 0 ? AgentVersionState.Draining : AgentVersionState.Offline);
    }

    public Task<IReadOnlyList<AgentVersionInfo>> GetVersions() =>
        Task.FromResult<IReadOnlyList<AgentVersionInfo>>([.. Ordered().Select(ToInfo)]);

    public Task<AgentDefinition> ResolveVersion(string? pinnedVersion)
    {
        if (pinnedVersion is not null)
        {
            var pinned = Get(pinnedVersion);
            if (pinned.State != AgentVersionState.Online)
            {
                throw new InvalidOperationException(
                    $"Agent '{Name}' version '{pinnedVersion}' is {Describe(pinned.State)}, not online: put it online or pin an online version ({OnlineList()}).");
            }

            return Task.FromResult(pinned.Definition);
        }

        var latest = Ordered().LastOrDefault(r => r.State == AgentVersionState.Online);
        if (latest is null)
        {
            throw new InvalidOperationException(state.State.Versions.Count == 0
                ? $"Agent '{Name}' is not registered: register a version and put it online first."
                : $"Agent '{Name}' has no online version (registered: {string.Join(", ", Ordered().Select(r => $"{r.Definition.Version} {Describe(r.State)}"))}): put one online.");
        }

        return Task.FromResult(latest.Definition);
    }

    public async Task ChainStarted(string version)
    {
        var record = Get(version);
        if (record.State != AgentVersionState.Online)
        {
            throw new InvalidOperationException(
                $"Agent '{Name}' version '{version}' is {Describe(record.State)}: new chains can start only on an online version.");
        }

        record.ChainsStarted++;
        record.RunningChains++;
        await WriteAsync(() =>
        {
            record.ChainsStarted--;
            record.RunningChains--;
        });
    }

    public async Task ChainEnded(string version, bool succeeded, long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var record = Get(version);
        if (record.RunningChains == 0)
        {
            throw new InvalidOperationException(
                $"Agent '{Name}' version '{version}' has no running chain to end (each ChainEnded must follow a ChainStarted).");
        }

        var before = (record.State, record.StateChangedAt);
        record.RunningChains--;
        if (succeeded)
        {
            record.ChainsCompleted++;
        }
        else
        {
            record.ChainsFailed++;
        }

        record.Tokens += tokens;
        var drained = record.State == AgentVersionState.Draining && record.RunningChains == 0;
        if (drained)
        {
            record.State = AgentVersionState.Offline;
            record.StateChangedAt = time.GetUtcNow();
        }

        await WriteAsync(() =>
        {
            record.RunningChains++;
            if (succeeded)
            {
                record.ChainsCompleted--;
            }
            else
            {
                record.ChainsFailed--;
            }

            record.Tokens -= tokens;
            (record.State, record.StateChangedAt) = before;
        });
        if (drained)
        {
            LogStateChanged(logger, Name, version, AgentVersionState.Draining, AgentVersionState.Offline);
        }
    }

    public Task<AgentMetrics> GetMetrics()
    {
        var versions = Ordered().Select(ToMetrics).ToList();
        return Task.FromResult(new AgentMetrics
        {
            Name = Name,
            Versions = versions,
            ChainsStarted = versions.Sum(v => v.ChainsStarted),
            ChainsCompleted = versions.Sum(v => v.ChainsCompleted),
            ChainsFailed = versions.Sum(v => v.ChainsFailed),
            Tokens = versions.Sum(v => v.Tokens),
            RunningChains = versions.Sum(v => v.RunningChains),
        });
    }

    private static string Describe(AgentVersionState versionState) => versionState switch
    {
        AgentVersionState.Registered => "registered (never put online)",
        AgentVersionState.Online => "online",
        AgentVersionState.Draining => "draining",
        _ => "offline",
    };

    private static string? FirstDifference(AgentDefinition a, AgentDefinition b)
    {
        if (!string.Equals(a.Model, b.Model, StringComparison.Ordinal))
        {
            return "model";
        }

        if (!a.Tools.SequenceEqual(b.Tools ?? [], StringComparer.Ordinal))
        {
            return "tools";
        }

        if (a.DefaultQos != b.DefaultQos)
        {
            return "defaultQos";
        }

        if (!string.Equals(a.BudgetReference, b.BudgetReference, StringComparison.Ordinal))
        {
            return "budgetReference";
        }

        return string.Equals(a.Description, b.Description, StringComparison.Ordinal) ? null : "description";
    }

    private static AgentVersionMetrics ToMetrics(AgentVersionRecord record) => new()
    {
        Version = record.Definition.Version,
        ChainsStarted = record.ChainsStarted,
        ChainsCompleted = record.ChainsCompleted,
        ChainsFailed = record.ChainsFailed,
        Tokens = record.Tokens,
        RunningChains = record.RunningChains,
    };

    private static AgentVersionInfo ToInfo(AgentVersionRecord record) => new()
    {
        Definition = record.Definition,
        State = record.State,
        RegisteredAt = record.RegisteredAt,
        StateChangedAt = record.StateChangedAt,
        Metrics = ToMetrics(record),
    };

    private async Task<AgentVersionInfo> ChangeStateAsync(AgentVersionRecord record, AgentVersionState target)
    {
        var before = (record.State, record.StateChangedAt);
        if (before.State != target)
        {
            record.State = target;
            record.StateChangedAt = time.GetUtcNow();
            await WriteAsync(() => (record.State, record.StateChangedAt) = before);
            LogStateChanged(logger, Name, record.Definition.Version, before.State, target);
        }

        return ToInfo(record);
    }

    /// <summary>Writes the checkpoint; if the write fails, <paramref name="undo"/> restores the state it held before the change.</summary>
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private AgentVersionRecord? Find(string version) =>
        state.State.Versions.Find(r => string.Equals(r.Definition.Version, version, StringComparison.Ordinal));

    private AgentVersionRecord Get(string version)
    {
        AgentDefinitionValidator.ValidateVersionArgument(version);
        return Find(version) ?? throw new KeyNotFoundException(state.State.Versions.Count == 0
            ? $"Agent '{Name}' is not registered (no version '{version}')."
            : $"Agent '{Name}' has no version '{version}' (registered: {string.Join(", ", Ordered().Select(r => r.Definition.Version))}).");
    }

    private IEnumerable<AgentVersionRecord> Ordered() =>
        state.State.Versions.OrderBy(r => r.Definition.Version, ToolVersionComparer.Instance);

    private string OnlineList()
    {
        var online = Ordered().Where(r => r.State == AgentVersionState.Online).Select(r => r.Definition.Version).ToList();
        return online.Count == 0 ? "none is online" : "online: " + string.Join(", ", online);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Agent {AgentName} version {AgentVersion} registered (model {Model}).")]
    private static partial void LogRegistered(ILogger logger, string agentName, string agentVersion, string model);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Agent {AgentName} version {AgentVersion}: {FromState} -> {ToState}.")]
    private static partial void LogStateChanged(ILogger logger, string agentName, string agentVersion, AgentVersionState fromState, AgentVersionState toState);
}
