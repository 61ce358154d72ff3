using System.Globalization;
using System.Text.Json;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Definitions;
using Harness.Grains.Chains.Execution;
using Harness.Grains.Tools;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Harness.Runtime.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Chains;

/// <summary>
/// Runs a task chain node by node. After every completed node the whole chain state is written (the checkpoint)
/// before the next node starts; inference and tool nodes also mark their start, so a chain whose silo died knows
/// which attempt was lost. A failed node is retried from the last checkpoint (rollback distance one node) with
/// backoff, then its fallback is taken, then the chain fails with the cause recorded. Every transition is an event,
/// kept in the checkpoint (for <see cref="GetEvents"/>) and published on the chain's stream.
/// </summary>
[GrainType("chain")]
[Reentrant]
internal sealed partial class ChainGrain(
    [PersistentState("chain")] IPersistentState<ChainCheckpoint> state,
    ToolRegistry tools,
    IOptions<ChainOptions> options,
    ISiloStatus silo,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ChainGrain> logger) : Grain, IChainGrain, IChainRunnerGrain, IRemindable
{
    private const string RecoveryReminder = "chain-recovery";

    /// <summary>The namespace of the chains' event streams; the key is the chain id.</summary>
    public const string EventStreamNamespace = "harness.chains";

    private readonly ChainOptions _options = options.Value;
    private ChainGraph? _graph;
    private ChainNodeExecutor? _executor;
    private bool _running;
    private bool _stopping;
    private CancellationTokenSource? _attempt;
    private TaskCompletionSource _newEvents = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _lastWrite = Task.CompletedTask;
    private int _published;
    private int _durableEvents;
    private bool _endedDurably;
    private IAsyncStream<ChainEvent>? _stream;
    private CancellationTokenRegistration _stoppingRegistration;

    private ChainCheckpoint Checkpoint => state.State;

    private string Id => GrainId.Key;

    private ChainGraph Graph => _graph ??= new ChainGraph(Checkpoint.Definition!);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _executor = new ChainNodeExecutor(tools, GrainFactory, _options);
        _stoppingRegistration = lifetime.ApplicationStopping.Register(static g => ((ChainGrain)g!).OnSiloStopping(), this);
        AfterLoad();
        if (Checkpoint.Definition is not null && Checkpoint.Status == ChainStatus.Running)
        {
            StartRunner();
        }

        return Task.CompletedTask;
    }

    /// <summary>Everything read from storage is durable: events, and the end of an ended chain.</summary>
    private void AfterLoad()
    {
        _published = _durableEvents = Checkpoint.Events.Count;
        _endedDurably = Checkpoint.HasEnded;
        _graph = null;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stoppingRegistration.Dispose();

        // A chain interrupted by its silo stopping moves on at once: the call is forwarded to its next activation.
        if (_stopping && Checkpoint.Status == ChainStatus.Running)
        {
            StartRunner();
        }

        return Task.CompletedTask;
    }

    public async Task<ChainSnapshot> Submit(ChainSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(submission.Definition);
        if (Checkpoint.Definition is not null)
        {
            if (!SameSubmission(submission))
            {
                throw new InvalidOperationException(
                    $"Chain '{Id}' was already submitted with another definition or other inputs: choose another id.");
            }

            return Snapshot();
        }

        var problems = ChainDefinitionValidator.Validate(submission.Definition);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"Invalid chain definition: {string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}"))}", nameof(submission));
        }

        var inputs = new Dictionary<string, string>(submission.Inputs ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var missing = submission.Definition.Inputs.Where(i => !inputs.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Missing input(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}: the chain '{submission.Definition.Name}' declares them.", nameof(submission));
        }

        var unknown = inputs.Keys.Where(k => !submission.Definition.Inputs.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown input(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}: the chain '{submission.Definition.Name}' declares {(submission.Definition.Inputs.Count == 0 ? "none" : string.Join(", ", submission.Definition.Inputs))}.",
                nameof(submission));
        }

        string? agentVersion = null;
        if (submission.Agent is { } agent)
        {
            var resolved = await GrainFactory.GetGrain<IAgentGrain>(agent).ResolveVersion(submission.AgentVersion);
            agentVersion = resolved.Version;
        }

        var now = time.GetUtcNow();
        var checkpoint = Checkpoint;
        checkpoint.Definition = submission.Definition;
        checkpoint.Inputs = inputs;
        checkpoint.Agent = submission.Agent;
        checkpoint.AgentVersion = agentVersion;
        checkpoint.Qos = submission.Qos ?? submission.Definition.Qos;
        checkpoint.Status = ChainStatus.Running;
        checkpoint.CreatedAt = now;
        checkpoint.Nodes = submission.Definition.Nodes.ToDictionary(n => n.Id, _ => new NodeCheckpoint(), StringComparer.Ordinal);
        checkpoint.Ready = [submission.Definition.StartNodeId!];
        _graph = null;
        AddEvent(ChainEventKind.Submitted, null, 0, $"{submission.Definition.Nodes.Count} nodes, {checkpoint.Qos.ToWireName()}");
        await WriteAsync();
        await RegisterOrUpdateReminder(RecoveryReminder, _options.RecoveryPeriod, _options.RecoveryPeriod);
        if (submission.Agent is not null)
        {
            await GrainFactory.GetGrain<IAgentGrain>(submission.Agent).ChainStarted(agentVersion!);
        }

        await UpdateIndexAsync();
        LogSubmitted(logger, Id, submission.Definition.Name, submission.Definition.Nodes.Count, checkpoint.Qos);
        StartRunner();
        return Snapshot();
    }

    public Task<ChainSnapshot> GetSnapshot()
    {
        RequireSubmitted();
        return Task.FromResult(Snapshot());
    }

    public async Task<ChainEventPage> GetEvents(long afterSequence, TimeSpan wait)
    {
        RequireSubmitted();
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        if (wait > TimeSpan.Zero && _durableEvents <= afterSequence && !_endedDurably)
        {
            try
            {
                await _newEvents.Task.WaitAsync(wait, time);
            }
            catch (TimeoutException)
            {
                // An empty page: the caller polls again.
            }
        }

        // Only events a write has made durable: a crash cannot take back what a reader was given.
        var durable = _durableEvents;
        var from = (int)Math.Min(afterSequence, durable);
        var count = Math.Min(durable - from, _options.MaxEventsPerPage);
        return new ChainEventPage
        {
            Events = Checkpoint.Events.GetRange(from, count),
            Ended = _endedDurably && from + count == durable,
        };
    }

    public async Task<ChainSnapshot> Cancel(string? reason)
    {
        RequireSubmitted();
        if (Checkpoint.HasEnded)
        {
            return Snapshot();
        }

        var checkpoint = Checkpoint;
        var running = checkpoint.Ready.Count > 0 ? checkpoint.Ready[0] : null;
        if (running is not null && checkpoint.Nodes[running].Status is NodeStatus.Running or NodeStatus.Waiting)
        {
            checkpoint.Nodes[running].Status = NodeStatus.Cancelled;
            checkpoint.Nodes[running].EndedAt = time.GetUtcNow();
        }

        checkpoint.Ready.Clear();
        checkpoint.Running = null;
        checkpoint.Error = string.IsNullOrWhiteSpace(reason) ? "Cancelled by a client." : $"Cancelled: {reason}";
        _attempt?.Cancel();
        await EndAsync(ChainStatus.Cancelled, ChainEventKind.Cancelled, checkpoint.Error);
        return Snapshot();
    }

    public async Task<ChainSnapshot> Pause()
    {
        RequireSubmitted();
        RequireNotEnded("paused");
        if (Checkpoint.Status == ChainStatus.Running && !Checkpoint.PauseRequested)
        {
            Checkpoint.PauseRequested = true;
            await WriteAsync();
            if (!_running)
            {
                // Nothing runs here right now (the run is between activations): pause at once.
                await PauseNowAsync();
            }
        }

        return Snapshot();
    }

    public async Task<ChainSnapshot> Resume()
    {
        RequireSubmitted();
        RequireNotEnded("resumed");
        if (Checkpoint.Status == ChainStatus.Paused || Checkpoint.PauseRequested)
        {
            var wasPaused = Checkpoint.Status == ChainStatus.Paused;
            Checkpoint.PauseRequested = false;
            Checkpoint.Status = ChainStatus.Running;
            if (wasPaused)
            {
                AddEvent(ChainEventKind.Resumed, null, 0, null);
            }

            await WriteAsync();
            await UpdateIndexAsync();
            StartRunner();
        }

        return Snapshot();
    }

    public async Task Run()
    {
        if (_running || Checkpoint.Definition is null || Checkpoint.Status != ChainStatus.Running)
        {
            return;
        }

        _running = true;
        var again = false;
        try
        {
            await RunLoopAsync();

            // A resume that interleaved with the pause being written found this run still going.
            again = Checkpoint.Status == ChainStatus.Running && !_stopping;
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote the chain (this one was fenced off): this one must not write again.
            LogRunFailed(logger, Id, exception);
            DeactivateOnIdle();
        }
        catch (Exception exception) when (!_stopping)
        {
            // A bug or a storage failure: drop what was not written; the recovery reminder runs the chain again.
            LogRunFailed(logger, Id, exception);
            await state.ReadStateAsync();
            AfterLoad();
        }
        finally
        {
            _running = false;
        }

        if (again)
        {
            StartRunner();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Checkpoint.Definition is null || Checkpoint.HasEnded)
        {
            return RemoveReminderAsync();
        }

        if (Checkpoint.Status == ChainStatus.Running && !_running)
        {
            StartRunner();
        }

        return Task.CompletedTask;
    }

    private async Task RunLoopAsync()
    {
        var checkpoint = Checkpoint;
        while (checkpoint.Status == ChainStatus.Running && !_stopping)
        {
            if (checkpoint.PauseRequested)
            {
                await PauseNowAsync();
                return;
            }

            if (checkpoint.Ready.Count == 0)
            {
                checkpoint.Result = checkpoint.LastCompleted is { } last ? checkpoint.Nodes[last].Output : null;
                await EndAsync(ChainStatus.Succeeded, ChainEventKind.Succeeded, null);
                return;
            }

            await RunNodeAsync(checkpoint.Ready[0]);
        }
    }

    private async Task RunNodeAsync(string nodeId)
    {
        var checkpoint = Checkpoint;
        var node = Graph[nodeId];
        var nodeState = checkpoint.Nodes[nodeId];
        var now = time.GetUtcNow();
        if (checkpoint.Running == nodeId && nodeState.StartedAt is { } lostStart)
        {
            // The silo running this attempt died (or stopped) before it completed: its work is lost and redone.
            var lost = Math.Max(0, (now - lostStart).TotalSeconds);
            checkpoint.Wasted = checkpoint.Wasted with { Failovers = checkpoint.Wasted.Failovers + 1, NodeSeconds = checkpoint.Wasted.NodeSeconds + lost };
            AddEvent(ChainEventKind.Recovered, nodeId, nodeState.Attempt, $"attempt {nodeState.Attempt} was lost with its silo {nodeState.Silo}; redone from the last checkpoint");
        }

        nodeState.Attempt = Math.Max(1, nodeState.Attempt);
        nodeState.AttemptsStarted++;
        nodeState.Status = NodeStatus.Running;
        nodeState.StartedAt = now;
        nodeState.Silo = silo.Address.ToString();
        checkpoint.Variables[$"{nodeId}.iteration"] = (nodeState.Completions + 1).ToString(CultureInfo.InvariantCulture);
        AddEvent(ChainEventKind.NodeStarted, nodeId, nodeState.Attempt, null);
        if (node.Type != NodeType.Transform)
        {
            // Long or side-effecting nodes mark their start, so a failover knows which attempt it lost.
            checkpoint.Running = nodeId;
            await WriteAsync();
            if (checkpoint.HasEnded || _stopping)
            {
                // Cancelled (or its silo began stopping) while the marker was written: the node does not run.
                return;
            }
        }

        using var timeoutSource = node.Timeout is { } timeout ? new CancellationTokenSource(timeout, time) : null;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(
            lifetime.ApplicationStopping, timeoutSource?.Token ?? CancellationToken.None);

        _attempt = attempt;
        NodeOutcome? outcome = null;
        Exception? failure = null;
        try
        {
            outcome = await _executor!.RunAsync(Id, node, nodeState, checkpoint.Qos, new ValueSource(checkpoint), attempt.Token);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            _attempt = null;
        }

        if (checkpoint.HasEnded || _stopping)
        {
            // Cancelled while it ran, or its silo is stopping: the next activation redoes it from the checkpoint.
            return;
        }

        var seconds = Math.Max(0, (time.GetUtcNow() - now).TotalSeconds);
        nodeState.Seconds += seconds;
        checkpoint.NodeSeconds += seconds;
        if (failure is not null || outcome is null)
        {
            var error = timeoutSource is { IsCancellationRequested: true } && node.Timeout is { } limit
                ? $"timed out after {DurationText.Format(limit)}"
                : failure?.Message ?? "no outcome";
            await FailAttemptAsync(nodeId, node, nodeState, seconds, error);
            return;
        }

        nodeState.Device = outcome.Device ?? nodeState.Device;
        nodeState.Silo = outcome.Silo ?? nodeState.Silo;
        nodeState.Tokens += outcome.Tokens;
        checkpoint.Tokens += outcome.Tokens;
        checkpoint.Running = null;
        if (outcome.Preempted)
        {
            await SavePreemptedAsync(nodeId, nodeState, outcome);
            return;
        }

        nodeState.Status = NodeStatus.Succeeded;
        nodeState.Completions++;
        nodeState.Output = outcome.Output;
        nodeState.Error = null;
        nodeState.EndedAt = time.GetUtcNow();
        nodeState.SavedTokens = [];
        nodeState.SavedTokenIds = [];
        checkpoint.LastCompleted = nodeId;
        checkpoint.Ready.RemoveAt(0);
        var edgesOf = nodeState.FallbackFor is { } replaced && !Graph.HasEdges(nodeId) ? replaced : nodeId;
        var values = new ValueSource(checkpoint);
        foreach (var next in Graph.Successors(edgesOf, values, id => checkpoint.Nodes[id].Completions))
        {
            if (!checkpoint.Ready.Contains(next, StringComparer.Ordinal))
            {
                checkpoint.Ready.Add(next);
                var nextState = checkpoint.Nodes[next];
                if (nextState.Status != NodeStatus.Pending)
                {
                    // Another loop iteration: a fresh attempt count for it.
                    nextState.Status = NodeStatus.Pending;
                    nextState.Attempt = 0;
                }
            }
        }

        AddEvent(ChainEventKind.NodeCompleted, nodeId, nodeState.Attempt, outcome.Tokens > 0 ? $"{outcome.Tokens} tokens" : null);
        await WriteAsync();
    }

    private async Task FailAttemptAsync(string nodeId, NodeDefinition node, NodeCheckpoint nodeState, double seconds, string error)
    {
        var checkpoint = Checkpoint;
        checkpoint.Running = null;
        nodeState.Error = error;
        nodeState.EndedAt = time.GetUtcNow();
        checkpoint.Wasted = checkpoint.Wasted with { Failures = checkpoint.Wasted.Failures + 1, NodeSeconds = checkpoint.Wasted.NodeSeconds + seconds };
        var retry = node.Retry ?? new RetryPolicy();
        if (nodeState.Attempt < retry.Attempts)
        {
            var delay = Backoff(retry, nodeState.Attempt);
            nodeState.Attempt++;
            nodeState.Status = NodeStatus.Waiting;
            AddEvent(ChainEventKind.NodeFailed, nodeId, nodeState.Attempt - 1, $"{error}; retrying in {DurationText.Format(delay)}");
            await WriteAsync();
            LogNodeRetry(logger, Id, nodeId, nodeState.Attempt - 1, error);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException)
                {
                    // The silo is stopping: the next activation retries from the checkpoint.
                }
            }

            return;
        }

        nodeState.Status = NodeStatus.Failed;
        checkpoint.Ready.RemoveAt(0);
        AddEvent(ChainEventKind.NodeFailed, nodeId, nodeState.Attempt, $"{error}; no attempts left ({retry.Attempts})");
        if (node.Fallback is { } fallback)
        {
            nodeState.ReplacedBy = fallback;
            var fallbackState = checkpoint.Nodes[fallback];
            fallbackState.FallbackFor = nodeId;
            fallbackState.Status = NodeStatus.Pending;
            fallbackState.Attempt = 0;
            checkpoint.Ready.Insert(0, fallback);
            AddEvent(ChainEventKind.FallbackTaken, nodeId, nodeState.Attempt, $"fallback '{fallback}' replaces '{nodeId}'");
            await WriteAsync();
            return;
        }

        checkpoint.Error = $"Node '{nodeId}' failed after {nodeState.Attempt} attempt(s): {error}";
        checkpoint.Ready.Clear();
        await EndAsync(ChainStatus.Failed, ChainEventKind.Failed, checkpoint.Error);
    }

    private async Task SavePreemptedAsync(string nodeId, NodeCheckpoint nodeState, NodeOutcome outcome)
    {
        var checkpoint = Checkpoint;
        nodeState.SavedTokens = [.. outcome.PartialTokens];
        nodeState.SavedTokenIds = [.. outcome.PartialTokenIds];
        nodeState.Status = NodeStatus.Waiting;
        checkpoint.Wasted = checkpoint.Wasted with { Preemptions = checkpoint.Wasted.Preemptions + 1 };
        var release = outcome.PreemptionSignalledAt is { } signalled && outcome.LeaseReleasedAt is { } released
            ? string.Create(CultureInfo.InvariantCulture, $"; lease released {(released - signalled).TotalMilliseconds:0.###} ms after the signal")
            : string.Empty;
        AddEvent(ChainEventKind.NodePreempted, nodeId, nodeState.Attempt, $"{nodeState.SavedTokens.Count} tokens saved{release}");
        await WriteAsync();

        // Signal to durable progress: known only once the checkpoint is written, so it goes to the meter and the log.
        var latency = outcome.PreemptionSignalledAt is { } signal ? time.GetUtcNow() - signal : TimeSpan.Zero;
        ChainMetrics.PreemptionLatency.Record(latency.TotalMilliseconds);
        LogPreempted(logger, Id, nodeId, nodeState.SavedTokens.Count, latency.TotalMilliseconds);
    }

    private async Task PauseNowAsync()
    {
        Checkpoint.PauseRequested = false;
        Checkpoint.Status = ChainStatus.Paused;
        AddEvent(ChainEventKind.Paused, null, 0, Checkpoint.Ready.Count > 0 ? $"next node '{Checkpoint.Ready[0]}'" : null);
        await WriteAsync();
        await UpdateIndexAsync();
    }

    private async Task EndAsync(ChainStatus status, ChainEventKind kind, string? detail)
    {
        var checkpoint = Checkpoint;
        checkpoint.Status = status;
        checkpoint.PauseRequested = false;
        AddEvent(kind, null, 0, detail);
        await WriteAsync();
        _endedDurably = true;
        WakeEventReaders();
        await UpdateIndexAsync();
        if (checkpoint.Agent is { } agent)
        {
            await GrainFactory.GetGrain<IAgentGrain>(agent).ChainEnded(checkpoint.AgentVersion!, status == ChainStatus.Succeeded, checkpoint.Tokens);
        }

        await RemoveReminderAsync();
        LogEnded(logger, Id, status, detail);
    }

    private async Task RemoveReminderAsync()
    {
        if (await GetReminder(RecoveryReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    private void StartRunner()
    {
        if (!_running)
        {
            _ = GrainFactory.GetGrain<IChainRunnerGrain>(Id).Run();
        }
    }

    private void OnSiloStopping() => _stopping = true;

    private static TimeSpan Backoff(RetryPolicy retry, int failedAttempt)
    {
        var backoff = retry.Backoff ?? new BackoffPolicy();
        var delay = backoff.Initial.TotalMilliseconds * Math.Pow(backoff.Multiplier, failedAttempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(delay, backoff.Max.TotalMilliseconds));
    }

    private void AddEvent(ChainEventKind kind, string? nodeId, int attempt, string? detail)
    {
        var checkpoint = Checkpoint;
        checkpoint.Events.Add(new ChainEvent
        {
            Sequence = checkpoint.Events.Count + 1,
            ChainId = Id,
            Kind = kind,
            Status = checkpoint.Status,
            NodeId = nodeId,
            Attempt = attempt,
            Detail = detail,
            Timestamp = time.GetUtcNow(),
        });
    }

    /// <summary>
    /// Writes the checkpoint, one write at a time (calls interleave), then wakes event readers and publishes the
    /// events the write made durable: no event is announced that a crash could take back.
    /// </summary>
    private async Task WriteAsync()
    {
        var previous = _lastWrite;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastWrite = done.Task;
        try
        {
            await previous;
            var checkpoint = Checkpoint;
            var now = time.GetUtcNow();
            checkpoint.Checkpoints++;
            checkpoint.UpdatedAt = now;
            checkpoint.LastCheckpointAt = now;

            // The state is serialized when the write starts: events added while it is in flight wait for the next one.
            var written = checkpoint.Events.Count;
            await state.WriteStateAsync();
            _durableEvents = Math.Max(_durableEvents, written);
            WakeEventReaders();
            await PublishAsync();
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private void WakeEventReaders()
    {
        var newEvents = _newEvents;
        _newEvents = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        newEvents.TrySetResult();
    }

    /// <summary>Publishes the durable events not published yet by this activation (earlier activations published theirs).</summary>
    private async Task PublishAsync()
    {
        var events = Checkpoint.Events;
        var from = _published;
        var to = _durableEvents;
        if (to <= from)
        {
            return;
        }

        _published = to;
        if (_options.EventStreamProvider.Length == 0)
        {
            return;
        }

        _stream ??= GetStreamProvider(_options.EventStreamProvider).GetStream<ChainEvent>(new StreamId(EventStreamNamespace, Id));
        for (var i = from; i < to; i++)
        {
            try
            {
                await _stream.OnNextAsync(events[i]);
            }
            catch (StreamDeliveryException exception)
            {
                // The event is in the checkpoint (GetEvents serves it); a failing subscriber must not stop the chain.
                LogPublishFailed(logger, Id, exception);
            }
        }
    }

    private async Task UpdateIndexAsync()
    {
        var checkpoint = Checkpoint;
        await GrainFactory.GetGrain<IChainIndexGrain>(ChainIndexKeys.All).Update(new ChainSummary
        {
            Id = Id,
            Name = checkpoint.Definition!.Name,
            Status = checkpoint.Status,
            Qos = checkpoint.Qos,
            Agent = checkpoint.Agent,
            NodesCompleted = checkpoint.Nodes.Values.Count(n => n.Completions > 0),
            NodeCount = checkpoint.Nodes.Count,
            CreatedAt = checkpoint.CreatedAt,
            UpdatedAt = checkpoint.UpdatedAt,
        });
    }

    private bool SameSubmission(ChainSubmission submission) =>
        JsonSerializer.Serialize(submission.Definition) == JsonSerializer.Serialize(Checkpoint.Definition)
        && (submission.Inputs ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual(Checkpoint.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        && submission.Agent == Checkpoint.Agent;

    private void RequireSubmitted()
    {
        if (Checkpoint.Definition is null)
        {
            throw new KeyNotFoundException($"Chain '{Id}' does not exist.");
        }
    }

    private void RequireNotEnded(string verb)
    {
        if (Checkpoint.HasEnded)
        {
            throw new InvalidOperationException($"Chain '{Id}' has ended ({Checkpoint.Status.ToString().ToLowerInvariant()}) and cannot be {verb}.");
        }
    }

    private ChainSnapshot Snapshot()
    {
        var checkpoint = Checkpoint;
        return new ChainSnapshot
        {
            Id = Id,
            Name = checkpoint.Definition!.Name,
            Status = checkpoint.Status,
            Qos = checkpoint.Qos,
            Agent = checkpoint.Agent,
            AgentVersion = checkpoint.AgentVersion,
            CurrentNode = checkpoint.HasEnded || checkpoint.Ready.Count == 0 ? null : checkpoint.Ready[0],
            Nodes = [.. checkpoint.Definition.Nodes.Select(n => ToSnapshot(n, checkpoint.Nodes[n.Id]))],
            Inputs = new Dictionary<string, string>(checkpoint.Inputs, StringComparer.Ordinal),
            Variables = new Dictionary<string, string>(checkpoint.Variables, StringComparer.Ordinal),
            Checkpoints = checkpoint.Checkpoints,
            LastCheckpointAt = checkpoint.LastCheckpointAt,
            Wasted = checkpoint.Wasted,
            Tokens = checkpoint.Tokens,
            NodeSeconds = checkpoint.NodeSeconds,
            Result = checkpoint.Result,
            Error = checkpoint.Error,
            CreatedAt = checkpoint.CreatedAt,
            UpdatedAt = checkpoint.UpdatedAt,
        };
    }

    private static NodeSnapshot ToSnapshot(NodeDefinition node, NodeCheckpoint state) => new()
    {
        Id = node.Id,
        Type = node.Type,
        Status = state.Status,
        Attempts = state.AttemptsStarted,
        Completions = state.Completions,
        Output = state.Output,
        Error = state.Error,
        SavedTokens = state.SavedTokens.Count,
        Tokens = state.Tokens,
        Seconds = state.Seconds,
        Silo = state.Silo,
        Device = state.Device,
        StartedAt = state.StartedAt,
        EndedAt = state.EndedAt,
    };

    /// <summary>The checkpoint's values, as templates see them; a node replaced by its fallback reads as the fallback.</summary>
    private sealed class ValueSource(ChainCheckpoint checkpoint) : IChainValueSource
    {
        public string? GetInput(string name) => checkpoint.Inputs.GetValueOrDefault(name);

        public string? GetNodeOutput(string nodeId)
        {
            if (!checkpoint.Nodes.TryGetValue(nodeId, out var node))
            {
                return null;
            }

            return node.Output ?? (node.ReplacedBy is { } fallback ? GetNodeOutput(fallback) : null);
        }

        public string? GetVariable(string name) => checkpoint.Variables.GetValueOrDefault(name);
    }
}
