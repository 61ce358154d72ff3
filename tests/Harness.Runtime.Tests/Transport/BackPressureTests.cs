using System.Globalization;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Transport;

public sealed class BackPressureTests
{
    [Fact]
    public async Task SiloStopsReadingAConnection_WhileItsLimitOfCallsIsInProgress_AndResumesWhenHalfHaveAnswered()
    {
        var port = FreePort.Next();
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Harness:Silo:SiloPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Harness:Messaging:MaxInboundRequestsPerConnection"] = "4",
        });
        await using var client = await TestClients.ConnectAsync(port);
        var grain = client.GetGrain<IReentrantTurnGrain>("pressure");
        var id = "reentrantturn/pressure";

        var calls = Enumerable.Range(0, 10).Select(i => grain.Enter("p" + i)).ToArray();
        var started = Enumerable.Range(0, 10).Select(i => silo.Probe.WhenSignaled($"{id}:started:p{i}")).ToArray();
        await Task.WhenAll(started.Take(4));

        // The other six are on the wire or in the silo's buffer, unread: nothing starts them.
        await Task.Delay(300);
        Assert.Equal(4, started.Count(s => s.IsCompleted));

        // Two answers bring the in-flight count to the low-water mark: reading resumes.
        silo.Probe.Open("p0");
        silo.Probe.Open("p1");
        await Task.WhenAll(started.Skip(4).Take(2));
        for (var i = 2; i < 10; i++)
        {
            silo.Probe.Open("p" + i);
        }

        await Task.WhenAll(calls);
        Assert.All(started, s => Assert.True(s.IsCompleted));
    }
}
