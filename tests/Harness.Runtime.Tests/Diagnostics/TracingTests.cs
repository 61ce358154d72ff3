using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Diagnostics;

public sealed class TracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Harness.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task GrainToGrainCall_ProducesNestedClientAndServerSpans()
    {
        await using var silo = await TestSilo.StartAsync();
        using var root = new Activity("test-root").Start();

        Assert.Equal(6, await silo.GrainFactory.GetGrain<ILifecycleGrain>("trace-a").PingVia("trace-b", 5));
        root.Stop();

        var spans = SpansOf(root.TraceId);
        var clientA = Single(spans, ActivityKind.Client, "lifecycle/trace-a");
        var serverA = Single(spans, ActivityKind.Server, "lifecycle/trace-a");
        var clientB = Single(spans, ActivityKind.Client, "lifecycle/trace-b");
        var serverB = Single(spans, ActivityKind.Server, "lifecycle/trace-b");
        Assert.Equal(root.SpanId, clientA.ParentSpanId);
        Assert.Equal(clientA.SpanId, serverA.ParentSpanId);
        Assert.Equal(serverA.SpanId, clientB.ParentSpanId);
        Assert.Equal(clientB.SpanId, serverB.ParentSpanId);
        Assert.Equal("Harness.TestGrains.ILifecycleGrain/PingVia", clientA.DisplayName);
        Assert.Equal("PingVia", clientA.GetTagItem("rpc.method"));
    }

    [Fact]
    public async Task CallOverTheWire_ServerSpanIsParentedByTheClientSpan()
    {
        var port = FreePort.Next();
        await using var silo = await TestClients.StartSiloAsync(port);
        await using var client = await TestClients.ConnectAsync(port);
        using var root = new Activity("test-root").Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetGrain<ILifecycleGrain>("trace-remote").Throw("traced failure"));
        root.Stop();

        var spans = SpansOf(root.TraceId);
        var clientSpan = Single(spans, ActivityKind.Client, "lifecycle/trace-remote");
        var serverSpan = Single(spans, ActivityKind.Server, "lifecycle/trace-remote");
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, clientSpan.Status);
        Assert.Equal(ActivityStatusCode.Error, serverSpan.Status);
    }

    [Fact]
    public async Task CallToAGrainOnAnotherSilo_ServerSpanThereIsParentedByTheCallersClientSpan()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var remoteSilo = cluster.Silos[1].Status.Address.ToString();
        var key = "trace-cross0";
        for (var i = 1; await cluster.GrainFactory(1).GetGrain<IWhereGrain>(key).Silo() != remoteSilo; i++)
        {
            key = "trace-cross" + i;
        }

        using var root = new Activity("test-root").Start();

        Assert.Equal(remoteSilo, await cluster.GrainFactory(0).GetGrain<IWhereGrain>(key).Silo());
        root.Stop();

        var spans = SpansOf(root.TraceId);
        var clientSpan = Single(spans, ActivityKind.Client, "where/" + key);
        var serverSpan = Single(spans, ActivityKind.Server, "where/" + key);
        Assert.Equal(root.SpanId, clientSpan.ParentSpanId);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
    }

    [Fact]
    public async Task CallersActivity_IsCurrentAgainAfterTheCall()
    {
        await using var silo = await TestSilo.StartAsync();
        using var root = new Activity("test-root").Start();

        await silo.GrainFactory.GetGrain<ILifecycleGrain>("trace-current").Ping(1);

        Assert.Same(root, Activity.Current);
    }

    public void Dispose() => _listener.Dispose();

    private static Activity Single(List<Activity> spans, ActivityKind kind, string grain) =>
        Assert.Single(spans, s => s.Kind == kind && (string?)s.GetTagItem("harness.grain_id") == grain);

    private List<Activity> SpansOf(ActivityTraceId traceId) => [.. _stopped.Where(a => a.TraceId == traceId)];
}
