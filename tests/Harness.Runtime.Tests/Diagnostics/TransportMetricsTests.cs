using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Diagnostics;

public sealed class TransportMetricsTests
{
    [Fact]
    public async Task ClientCalls_CountOneFrameEachWay_PerCallPlusTheHandshake()
    {
        var name = "metrics-client-" + Guid.NewGuid().ToString("N");
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Harness.Transport")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "harness.endpoint" && (string?)tag.Value == name)
                {
                    totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
                }
            }
        });
        listener.Start();

        var port = FreePort.Next();
        await using var silo = await TestClients.StartSiloAsync(port);
        await using (var client = await TestClients.ConnectAsync(port, clientName: name))
        {
            for (var i = 0; i < 5; i++)
            {
                await client.GetGrain<ILifecycleGrain>("metered").Ping(i);
            }
        }

        Assert.Equal(6, totals["harness.messages.sent"]);
        Assert.Equal(6, totals["harness.messages.received"]);
        Assert.True(totals["harness.transport.bytes_sent"] > 0);
        Assert.True(totals["harness.transport.bytes_received"] > 0);
    }
}
