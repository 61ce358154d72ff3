using System.Diagnostics;
using System.Globalization;
using Harness.Client;
using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Definitions;
using Harness.Runtime.Hosting;
using Harness.Runtime.Tests.Infrastructure;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// A task chain (the product's <c>ChainGrain</c>, hosted by tests/Harness.TestSiloHost) whose silo process is killed
/// with SIGKILL in the middle of a node. The chain's <c>chain-recovery</c> reminder, fired by the surviving silo,
/// reactivates it there and it resumes from its last checkpoint; an in-test HTTP server counts the calls its
/// <c>http</c> tool nodes make, so a repeated call would show.
/// </summary>
/// <remarks>
/// What the system guarantees for tool calls across a silo failure: a call that completed and was recorded (in the
/// chain's durable tool-call log, under the key chain/node/attempt; the checkpoint written after it) is never made
/// again: exactly once. A call still in flight when its silo died has no recorded completion, so the resumed attempt
/// makes it again, with the same attempt number (a failover does not advance it) and so the same key and arguments:
/// at least once. An outside service that must not act twice dedupes on a key the chain sends (here the
/// <c>Idempotency-Key</c> header).
/// </remarks>
[Collection(SiloProcessCollection.Name)]
public sealed class ChainProcessFailoverTests(ITestOutputHelper output)
{
    /// <summary>The chains' recovery reminder period (<c>Harness:Chains:RecoveryPeriod</c>), and the reminders' refresh period.</summary>
    private static readonly TimeSpan RecoveryPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Slack on top of the computed recovery bound (a functional bound on a loaded 2-core machine, not a benchmark).</summary>
    private static readonly TimeSpan RecoveryMargin = TimeSpan.FromSeconds(5);

    /// <summary>How long a chain may take, start to end, before the test gives up.</summary>
    private static readonly TimeSpan ChainTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets the most time from the kill until the surviving silo has resumed the chain: the silo is declared dead
    /// (detection timeout, plus a table read), the reminder's next tick (one period); when the dead silo owned the
    /// reminder, the survivor claims the tick only after the detection timeout and two table reads; plus a margin.
    /// </summary>
    private static TimeSpan RecoveryBound =>
        SiloProcessCluster.DetectionTimeout + SiloProcessCluster.TableRefreshPeriod
        + RecoveryPeriod
        + SiloProcessCluster.DetectionTimeout + (SiloProcessCluster.TableRefreshPeriod * 2)
        + RecoveryMargin;

    [PostgresFact]
    public async Task KilledSiloProcess_MidNode_ChainResumesOnSurvivorFromCheckpoint_CompletedToolCallsNotRepeated()
    {
        await using var server = await CountingHttpServer.StartAsync();
        using var cluster = await SiloProcessCluster.StartAsync(2, Settings(server));
        await using var client = await cluster.ConnectClientAsync();
        const string id = "mid-node";
        var chain = client.GetGrain<IChainGrain>(id);

        // order (http, fast) -> slow (sleep 10 s) -> notify (http).
        var started = Stopwatch.StartNew();
        await chain.Submit(Submission(server, "10s"));
        var events = new List<ChainEvent>();
        await ReadEventsUntilAsync(chain, events, e => e.Kind == ChainEventKind.NodeStarted && e.NodeId == "slow", cluster);

        // The chain runs where slow started; kill that silo once slow's start marker is durable.
        var before = await chain.GetSnapshot();
        var victim = cluster.Silos.Single(s => s.Address == before.Nodes[1].Silo);
        var survivor = cluster.Silos.Single(s => s != victim);
        await WaitForDurableCheckpointAsync(cluster, id, before.Checkpoints);
        Assert.Equal((1, 0), (server.Count("/orders"), server.Count("/notify")));
        Assert.Equal((NodeStatus.Succeeded, 1, NodeStatus.Running), (before.Nodes[0].Status, before.Nodes[0].Completions, before.Nodes[1].Status));

        victim.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        output.WriteLine($"killed {victim} {started.ElapsedMilliseconds} ms after submission, slow running there; survivor {survivor}");

        // Nothing calls the chain until it has resumed: only its recovery reminder, fired on the survivor, can
        // reactivate it. Resumed = the survivor wrote a checkpoint after the last one of the killed silo.
        var recovery = await WaitForCheckpointAfterAsync(cluster, id, before.Checkpoints, killedAt);
        output.WriteLine($"resumed {recovery.TotalMilliseconds:F0} ms after kill -9 (bound {RecoveryBound.TotalMilliseconds:F0} ms: detection timeout {SiloProcessCluster.DetectionTimeout.TotalMilliseconds:F0} ms, recovery period {RecoveryPeriod.TotalMilliseconds:F0} ms)");
        Assert.True(recovery <= RecoveryBound, $"The chain resumed only {recovery.TotalMilliseconds:F0} ms after the kill (bound {RecoveryBound.TotalMilliseconds:F0} ms).{Environment.NewLine}{cluster.Outputs()}");

        await ReadEventsUntilAsync(chain, events, e => e.Kind is ChainEventKind.Succeeded or ChainEventKind.Failed or ChainEventKind.Cancelled, cluster);
        output.WriteLine($"chain ended {started.ElapsedMilliseconds} ms after submission");
        var after = await Retry(() => chain.GetSnapshot(), cluster);
        output.WriteLine(Describe(after, events, server));
        var context = Describe(after, events, server) + Environment.NewLine + cluster.Outputs();

        Assert.True(ChainStatus.Succeeded == after.Status, context);
        var (order, slow, notify) = (after.Nodes[0], after.Nodes[1], after.Nodes[2]);

        // The completed node and its call are not redone: one request, one attempt, one completion, on the killed silo.
        Assert.True(server.Count("/orders") == 1, context);
        Assert.True((1, 1, victim.Address) == (order.Attempts, order.Completions, order.Silo), context);

        // The node running at the kill is redone, once, on the survivor, from the checkpoint; then the chain goes on there.
        Assert.True((2, 1, NodeStatus.Succeeded, survivor.Address) == (slow.Attempts, slow.Completions, slow.Status, slow.Silo), context);
        Assert.True(server.Count("/notify") == 1, context);
        Assert.True((1, 1, survivor.Address) == (notify.Attempts, notify.Completions, notify.Silo), context);
        Assert.True((1, 0) == (after.Wasted.Failovers, after.Wasted.Failures), context);

        var recovered = Assert.Single(events, e => e.Kind == ChainEventKind.Recovered);
        Assert.True(recovered.NodeId == "slow" && recovered.Attempt == 1, context);
        Assert.Equal(["order", "slow", "slow", "notify"], events.Where(e => e.Kind == ChainEventKind.NodeStarted).Select(e => e.NodeId!));
        Assert.Equal(["order", "slow", "notify"], events.Where(e => e.Kind == ChainEventKind.NodeCompleted).Select(e => e.NodeId!));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(SiloStatus.Dead, cluster.ReadStatus(victim));
    }

    [PostgresFact]
    public async Task KilledSiloProcess_WhileToolCallInFlight_CallIsMadeAgainWithTheSameKey_AtLeastOnce()
    {
        await using var server = await CountingHttpServer.StartAsync();
        var arrived = server.HoldFirst("/orders");
        using var cluster = await SiloProcessCluster.StartAsync(2, Settings(server));
        await using var client = await cluster.ConnectClientAsync();
        const string id = "in-flight";
        var chain = client.GetGrain<IChainGrain>(id);

        await chain.Submit(Submission(server, "100ms"));

        // The order request reached the server, which holds its answer: the call is in flight; kill its silo.
        await arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var before = await chain.GetSnapshot();
        var victim = cluster.Silos.Single(s => s.Address == before.Nodes[0].Silo);
        var survivor = cluster.Silos.Single(s => s != victim);
        await WaitForDurableCheckpointAsync(cluster, id, before.Checkpoints);
        Assert.Equal((NodeStatus.Running, 0), (before.Nodes[0].Status, before.Nodes[0].Completions));

        victim.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        server.Release();
        output.WriteLine($"killed {victim} with its order request in flight; survivor {survivor}");

        var recovery = await WaitForCheckpointAfterAsync(cluster, id, before.Checkpoints, killedAt);
        output.WriteLine($"resumed {recovery.TotalMilliseconds:F0} ms after kill -9 (bound {RecoveryBound.TotalMilliseconds:F0} ms)");
        Assert.True(recovery <= RecoveryBound, $"The chain resumed only {recovery.TotalMilliseconds:F0} ms after the kill (bound {RecoveryBound.TotalMilliseconds:F0} ms).{Environment.NewLine}{cluster.Outputs()}");

        var events = new List<ChainEvent>();
        await ReadEventsUntilAsync(chain, events, e => e.Kind is ChainEventKind.Succeeded or ChainEventKind.Failed or ChainEventKind.Cancelled, cluster);
        var after = await Retry(() => chain.GetSnapshot(), cluster);
        output.WriteLine(Describe(after, events, server));
        var context = Describe(after, events, server) + Environment.NewLine + cluster.Outputs();

        Assert.True(ChainStatus.Succeeded == after.Status, context);
        var (order, slow, notify) = (after.Nodes[0], after.Nodes[1], after.Nodes[2]);

        // Its completion was never recorded, so the resumed attempt made the call again: twice in all, no more.
        // Same attempt number (a failover does not advance it), so the same tool-call key and the same arguments:
        // the server sees the same Idempotency-Key and could dedupe. The node's output is the second answer (n = 2):
        // the first was held until its caller was dead, and never reached the chain.
        var orders = server.Requests.Where(r => r.Path == "/orders").ToList();
        Assert.True(orders.Count == 2, context);
        Assert.True(orders[1].Answered, context);
        Assert.True(orders[0].IdempotencyKey == "order-42" && orders[1].IdempotencyKey == "order-42", context);
        Assert.Equal([1, 1], events.Where(e => e.Kind == ChainEventKind.NodeStarted && e.NodeId == "order").Select(e => e.Attempt));
        Assert.True((2, 1, NodeStatus.Succeeded, survivor.Address) == (order.Attempts, order.Completions, order.Status, order.Silo), context);
        Assert.Contains("\"n\":2", order.Output, StringComparison.Ordinal);

        var recovered = Assert.Single(events, e => e.Kind == ChainEventKind.Recovered);
        Assert.True(recovered.NodeId == "order" && recovered.Attempt == 1, context);
        Assert.True((1, 0) == (after.Wasted.Failovers, after.Wasted.Failures), context);

        // What followed ran once, on the survivor.
        Assert.True((1, 1, 1) == (slow.Attempts, notify.Attempts, server.Count("/notify")), context);
        Assert.True(survivor.Address == notify.Silo, context);
    }

    [PostgresFact]
    public async Task KilledSiloProcess_AfterToolCallRecordedButBeforeItsCheckpoint_ReplaysTheRecordedResult_WithoutCallingAgain()
    {
        await using var server = await CountingHttpServer.StartAsync();
        var (_, events, after, survivor, context) = await KillBetweenRecordAndCheckpointAsync(server, "recorded");
        var order = after.Nodes[0];

        // The call completed and was recorded, its checkpoint was lost: the resumed attempt (same attempt number, same
        // key) replays the recorded result instead of calling again. Exactly once.
        Assert.True(ChainStatus.Succeeded == after.Status, context);
        Assert.True(server.Count("/orders") == 1, context);
        Assert.True((2, 1, survivor) == (order.Attempts, order.Completions, order.Silo), context);
        Assert.Contains("\"n\":1", order.Output, StringComparison.Ordinal);
        var recovered = Assert.Single(events, e => e.Kind == ChainEventKind.Recovered);
        Assert.True(recovered.NodeId == "order" && recovered.Attempt == 1, context);
        Assert.True((1, 1) == (server.Count("/notify"), after.Wasted.Failovers), context);
    }

    /// <summary>
    /// <c>ChainGrain.GetEvents</c> serves only events a completed write has made durable. Were it to serve events of
    /// the in-memory checkpoint while their write is in flight, a crash could take back an event a client already read,
    /// and the event numbered the same in the recovered history would be another one (the client would have read
    /// "3 NodeCompleted order" where the durable 3 is "Recovered order", which a client following after 3 never sees).
    /// </summary>
    [PostgresFact]
    public async Task KilledSiloProcess_AfterToolCallRecordedButBeforeItsCheckpoint_TakesBackNoEventGetEventsServed()
    {
        await using var server = await CountingHttpServer.StartAsync();
        var (served, events, _, _, _) = await KillBetweenRecordAndCheckpointAsync(server, "served");

        // Every event served to a client is durable: the history after the crash starts with the events served
        // before it, same numbers, same transitions ("no event is announced that a crash could take back").
        Assert.True(
            served.Select(e => (e.Sequence, e.Kind, e.NodeId, e.Attempt)).SequenceEqual(events.Take(served.Count).Select(e => (e.Sequence, e.Kind, e.NodeId, e.Attempt))),
            $"GetEvents served an event that was not durable, and the crash took it back: before the crash it served [{string.Join(", ", served.Select(e => $"{e.Sequence} {e.Kind} {e.NodeId}"))}], "
            + $"the chain's history is [{string.Join(", ", events.Select(e => $"{e.Sequence} {e.Kind} {e.NodeId}"))}].");
    }

    private static Dictionary<string, string> Settings(CountingHttpServer server) => new()
    {
        ["Harness:Chains:RecoveryPeriod"] = RecoveryPeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Harness:Reminders:MinimumPeriod"] = RecoveryPeriod.ToString("c", CultureInfo.InvariantCulture),

        // The survivor learns of the chain's reminder (registered after it started) by re-reading the table.
        ["Harness:Reminders:RefreshPeriod"] = RecoveryPeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Harness:Tools:Http:AllowedHosts:0"] = server.HostAndPort,
    };

    /// <summary>order: POST /orders (with an Idempotency-Key) -> slow: sleep <paramref name="sleep"/> -> notify: POST /notify with the order's answer.</summary>
    private static ChainSubmission Submission(CountingHttpServer server, string sleep) => new()
    {
        Definition = ChainDefinitionParser.Parse(
            $$"""
            name: failover
            inputs: [order]
            nodes:
              - id: order
                type: tool
                tool:
                  name: http
                  arguments:
                    method: POST
                    url: "{{server.Url("/orders")}}"
                    headers: "Idempotency-Key: {{"{{inputs.order}}"}}"
                    body: '{"order": "{{"{{inputs.order}}"}}"}'
              - { id: slow, type: tool, tool: { name: sleep, arguments: { duration: "{{sleep}}" } } }
              - id: notify
                type: tool
                tool:
                  name: http
                  arguments:
                    method: POST
                    url: "{{server.Url("/notify")}}"
                    body: '{"order": {{"{{nodes.order.output}}"}}}'
            edges:
              - { from: order, to: slow }
              - { from: slow, to: notify }
            """,
            ChainDocumentFormat.Yaml),
        Inputs = new Dictionary<string, string> { ["order"] = "order-42" },
    };

    /// <summary>Long-polls the chain's events into <paramref name="events"/> until one matches (calls that find no silo are retried).</summary>
    private static async Task ReadEventsUntilAsync(IChainGrain chain, List<ChainEvent> events, Func<ChainEvent, bool> until, SiloProcessCluster cluster)
    {
        var waited = Stopwatch.StartNew();
        while (!events.Any(until))
        {
            if (waited.Elapsed > ChainTimeout)
            {
                throw new TimeoutException($"The chain did not get there within {ChainTimeout.TotalSeconds:F0} s; its events: {string.Join(", ", events.Select(e => $"{e.Kind} {e.NodeId}"))}.{Environment.NewLine}{cluster.Outputs()}");
            }

            var page = await Retry(() => chain.GetEvents(events.Count, TimeSpan.FromSeconds(2)), cluster);
            events.AddRange(page.Events);
        }
    }

    /// <summary>Waits until the chain's row in grain storage holds write number <paramref name="checkpoints"/> (its ETag counts its writes).</summary>
    private static async Task WaitForDurableCheckpointAsync(SiloProcessCluster cluster, string id, long checkpoints)
    {
        var waited = Stopwatch.StartNew();
        while (StoredWrites(cluster, id) < checkpoints)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"Checkpoint {checkpoints} of chain {id} was not in storage within 10 s (it holds write {StoredWrites(cluster, id)}).{Environment.NewLine}{cluster.Outputs()}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until grain storage holds a write of the chain after write <paramref name="checkpoints"/>; returns the time since <paramref name="killedAt"/>.</summary>
    private static async Task<TimeSpan> WaitForCheckpointAfterAsync(SiloProcessCluster cluster, string id, long checkpoints, long killedAt)
    {
        var limit = RecoveryBound + TimeSpan.FromSeconds(20);
        while (StoredWrites(cluster, id) <= checkpoints)
        {
            if (Stopwatch.GetElapsedTime(killedAt) > limit)
            {
                throw new TimeoutException($"Chain {id} was not resumed within {limit.TotalSeconds:F0} s of the kill (storage holds write {StoredWrites(cluster, id)}).{Environment.NewLine}{cluster.Outputs()}");
            }

            await Task.Delay(10);
        }

        return Stopwatch.GetElapsedTime(killedAt);
    }

    /// <summary>
    /// Kills the chain's silo after its <c>order</c> call completed and was recorded in the tool-call log, while the
    /// checkpoint write of that completion is held (the test locks the chain's row) and so never becomes durable;
    /// returns the events GetEvents served during that write, the chain's history once it ended, its snapshot, the
    /// survivor's address and a description for assertion messages.
    /// </summary>
    private async Task<(IReadOnlyList<ChainEvent> Served, List<ChainEvent> Events, ChainSnapshot After, string Survivor, string Context)> KillBetweenRecordAndCheckpointAsync(CountingHttpServer server, string id)
    {
        var arrived = server.HoldFirst("/orders");
        using var cluster = await SiloProcessCluster.StartAsync(2, Settings(server));
        await using var client = await cluster.ConnectClientAsync();
        var chain = client.GetGrain<IChainGrain>(id);

        await chain.Submit(Submission(server, "100ms"));
        await arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var before = await chain.GetSnapshot();
        var victim = cluster.Silos.Single(s => s.Address == before.Nodes[0].Silo);
        var survivor = cluster.Silos.Single(s => s != victim);
        await WaitForDurableCheckpointAsync(cluster, id, before.Checkpoints);

        // Hold the chain's next checkpoint write: lock its row. Then let the order call complete: the tool registry
        // records it in the chain's tool-call log (a row of its own), and the chain's completion write waits.
        await using var blocker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.Schema.ConnectionString) { Pooling = false }.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT etag FROM harness_grain_state WHERE grain_type = 'chain' AND grain_key = '{id}' AND state_name = 'chain' FOR UPDATE;", blocker, transaction))
        {
            Assert.Equal(before.Checkpoints, (long)(await lockRow.ExecuteScalarAsync())!);
        }

        server.Release();
        await WaitUntilAsync(() => BlockedBy(cluster, blocker.ProcessID) > 0, "the chain's completion write waits on the locked row", cluster);
        Assert.Equal(1L, cluster.Schema.Scalar($"SELECT etag FROM harness_grain_state WHERE grain_type = 'tool-call-log' AND grain_key = '{id}';"));

        // What a client following the chain is told while that write is in flight.
        var served = (await chain.GetEvents(0, TimeSpan.Zero)).Events;
        output.WriteLine("served before the crash: " + string.Join(", ", served.Select(e => $"{e.Sequence} {e.Kind} {e.NodeId}#{e.Attempt}")));

        // The silo dies with its write: kill it, and end the write's database session before it could commit (as a
        // crash before the write reached the server would); then free the row.
        victim.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        cluster.Schema.Scalar($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {blocker.ProcessID} = ANY(pg_blocking_pids(pid));");
        await transaction.RollbackAsync();

        var recovery = await WaitForCheckpointAfterAsync(cluster, id, before.Checkpoints, killedAt);
        output.WriteLine($"resumed {recovery.TotalMilliseconds:F0} ms after kill -9 (bound {RecoveryBound.TotalMilliseconds:F0} ms)");
        var events = new List<ChainEvent>();
        await ReadEventsUntilAsync(chain, events, e => e.Kind is ChainEventKind.Succeeded or ChainEventKind.Failed or ChainEventKind.Cancelled, cluster);
        var after = await Retry(() => chain.GetSnapshot(), cluster);
        output.WriteLine(Describe(after, events, server));
        var context = Describe(after, events, server) + Environment.NewLine + cluster.Outputs();

        return (served, events, after, survivor.Address, context);
    }

    /// <summary>Counts the database sessions waiting on a lock that session <paramref name="pid"/> holds.</summary>
    private static long BlockedBy(SiloProcessCluster cluster, int pid) =>
        Convert.ToInt64(cluster.Schema.Scalar($"SELECT count(*) FROM pg_stat_activity WHERE {pid} = ANY(pg_blocking_pids(pid));"), CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<bool> condition, string what, SiloProcessCluster cluster)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"Not within 20 s: {what}.{Environment.NewLine}{cluster.Outputs()}");
            }

            await Task.Delay(10);
        }
    }

    private static long StoredWrites(SiloProcessCluster cluster, string id) =>
        cluster.Schema.Scalar($"SELECT etag FROM harness_grain_state WHERE grain_type = 'chain' AND grain_key = '{id}' AND state_name = 'chain';") is long etag ? etag : 0;

    private static async Task<T> Retry<T>(Func<Task<T>> call, SiloProcessCluster cluster)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"A chain call kept failing for 30 s: {exception.Message}{Environment.NewLine}{cluster.Outputs()}", exception);
                }

                await Task.Delay(50);
            }
        }
    }

    private static string Describe(ChainSnapshot chain, List<ChainEvent> events, CountingHttpServer server) =>
        $"chain {chain.Status}, wasted {chain.Wasted}; nodes: "
        + string.Join("; ", chain.Nodes.Select(n => $"{n.Id} {n.Status} attempts {n.Attempts} completions {n.Completions} on {n.Silo}"))
        + Environment.NewLine + "events: " + string.Join(", ", events.Select(e => $"{e.Sequence} {e.Kind} {e.NodeId}#{e.Attempt}{(e.Detail is null ? string.Empty : $" ({e.Detail})")}"))
        + Environment.NewLine + "requests: " + server.Describe();
}
