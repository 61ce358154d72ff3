using System.Net;
using System.Net.Sockets;
using Harness.Client;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Transport;

public sealed class ClusterClientTests
{
    [Fact]
    public async Task Client_CallsGrainsThroughGateway()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        await using var client = await Connect(port);

        var grain = client.GetGrain<ILifecycleGrain>("remote");
        Assert.Equal(42, await grain.Ping(41));
        Assert.Equal(8, await grain.PingValue(7));
        var id = Guid.NewGuid();
        Assert.Equal(id, await client.GetGrain<IGuidGrain>(id).Echo());
        Assert.Equal(1, await client.GetGrain<IStateGrain>("remote-state").Increment("over the wire"));

        // The call reached the silo's own activation.
        Assert.Equal(43, await silo.GrainFactory.GetGrain<ILifecycleGrain>("remote").Ping(42));
        Assert.Equal(1, silo.Probe.Count("activations:remote"));
    }

    [Fact]
    public async Task Client_ManyConcurrentCalls_EachGetsItsOwnResult()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        await using var client = await Connect(port);

        var calls = Enumerable.Range(0, 2000).Select(i => client.GetGrain<ILifecycleGrain>("k" + (i % 50)).Ping(i)).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 2000), results);
    }

    [Fact]
    public async Task Client_GrainExceptions_ArriveWithTypeAndMessage()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        await using var client = await Connect(port);
        var grain = client.GetGrain<ILifecycleGrain>("remote-boom");

        var known = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("boom over the wire"));
        Assert.Equal("boom over the wire", known.Message);
        Assert.Contains(nameof(LifecycleGrain.Throw), known.StackTrace);

        // TestGrainException has no (string message) constructor: it arrives as RemoteGrainException.
        var custom = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.ThrowCustom(7));
        Assert.Equal("custom failure 7", custom.Message);
        Assert.Contains(nameof(TestGrainException), custom.RemoteType);
    }

    [Fact]
    public async Task Client_OneWayCall_Arrives()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        await using var client = await Connect(port);

        await client.GetGrain<ILifecycleGrain>("remote-oneway").Notify("hi");

        await silo.Probe.WhenSignaled("notify:hi");
    }

    [Fact]
    public async Task Client_CallWithoutResponse_TimesOut()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        var time = new FakeTimeProvider();
        await using var client = await Connect(port, time);

        var call = client.GetGrain<ILifecycleGrain>("remote-hang").Hang();
        time.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<TimeoutException>(() => call);
        silo.Probe.Open("never");
    }

    [Fact]
    public async Task Client_FailsOverToAnotherGateway_WhenItsGatewayStops()
    {
        var (portA, portB) = (FreePort.Next(), FreePort.Next());
        var siloA = await StartSilo(portA);
        var siloB = await StartSilo(portB);
        await using var client = await Connect(portA, gateways: [$"127.0.0.1:{portA}", $"127.0.0.1:{portB}"]);
        Assert.Equal(2, await client.GetGrain<ILifecycleGrain>("f").Ping(1));
        var first = client.Gateway!;

        var (stopped, survivor) = first.Contains($":{portA}@", StringComparison.Ordinal) ? (siloA, siloB) : (siloB, siloA);
        await stopped.DisposeAsync();

        // The closed connection is noticed; the next call connects to the surviving gateway.
        Assert.Equal(3, await CallUntilConnectedAsync(() => client.GetGrain<ILifecycleGrain>("f").Ping(2)));
        Assert.NotEqual(first, client.Gateway);
        Assert.Equal(1, survivor.Probe.Count("activations:f"));
        await survivor.DisposeAsync();
    }

    [Fact]
    public async Task CallCompletingAfterItsClientLeft_IsDroppedWithoutHarm()
    {
        var port = FreePort.Next();
        await using var silo = await StartSilo(port);
        var client = await Connect(port);
        var call = client.GetGrain<IReentrantTurnGrain>("orphan").Enter("orphan-gate");
        await silo.Probe.WhenSignaled("reentrantturn/orphan:started:orphan-gate");

        await client.DisposeAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);

        // The grain finishes after its caller's connection closed: the answer has nowhere to go, and the silo
        // carries on (this used to throw out of the grain's turn and take the process down).
        silo.Probe.Open("orphan-gate");
        await silo.Probe.WhenSignaled("reentrantturn/orphan:ended:orphan-gate");

        Assert.Contains("end:orphan-gate", await silo.GrainFactory.GetGrain<IReentrantTurnGrain>("orphan").GetLog());
        Assert.Equal(2, await silo.GrainFactory.GetGrain<ILifecycleGrain>("after-orphan").Ping(1));
    }

    [Fact]
    public async Task Client_NoGatewayReachable_FailsNamingEveryGateway()
    {
        var (a, b) = (FreePort.Next(), FreePort.Next());
        var client = CreateClient([$"127.0.0.1:{a}", $"127.0.0.1:{b}"]);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.ConnectAsync());

        Assert.Contains($"127.0.0.1:{a}", error.Message);
        Assert.Contains($"127.0.0.1:{b}", error.Message);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Client_PeerThatIsNotASilo_IsRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var peer = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            await socket.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            await Task.Delay(TimeSpan.FromSeconds(1));
        });
        var client = CreateClient([$"127.0.0.1:{port}"]);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.ConnectAsync());

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        await client.DisposeAsync();
        await peer;
    }

    [Fact]
    public void Options_WithoutGateways_FailValidation_NamingTheSetting()
    {
        var result = new ClusterClientOptionsValidator().Validate(null, new ClusterClientOptions { Gateways = ["nohost"] });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Client:Gateways:0 ('nohost') is not host:port", result.FailureMessage);
    }

    private static async Task<int> CallUntilConnectedAsync(Func<Task<int>> call)
    {
        // A call made before the client saw its connection close fails with SiloUnavailableException; it is
        // never silently lost. Retry those (a bounded number of times) the way a caller would.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException) when (attempt < 3)
            {
            }
        }
    }

    private static Task<TestSilo> StartSilo(int port) => TestClients.StartSiloAsync(port);

    private static Task<HarnessClusterClient> Connect(int port, TimeProvider? time = null, string[]? gateways = null) =>
        TestClients.ConnectAsync(port, time, gateways);

    private static HarnessClusterClient CreateClient(string[] gateways, TimeProvider? time = null) => TestClients.Create(gateways, time);
}
