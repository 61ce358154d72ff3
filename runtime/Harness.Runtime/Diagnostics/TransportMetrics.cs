using System.Diagnostics.Metrics;

namespace Harness.Runtime.Diagnostics;

/// <summary>
/// Transport instruments (meter <c>Harness.Transport</c>): messages and bytes each way, and open connections.
/// Process-wide like the connections' socket layer, so clients and silos report alike; a disabled instrument
/// costs one branch per frame.
/// </summary>
internal static class TransportMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Harness.Transport";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("harness.messages.sent", "{message}", "Frames written to connections.");
    private static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>("harness.messages.received", "{message}", "Frames read from connections.");
    private static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("harness.transport.bytes_sent", "By", "Bytes written to connections.");
    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>("harness.transport.bytes_received", "By", "Bytes read from connections.");
    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("harness.transport.connections", "{connection}", "Open connections.");

    /// <summary>The tag naming the process end of a connection (the silo's address or the client's name).</summary>
    public const string EndpointTag = "harness.endpoint";

    public static void FrameSent(string endpoint)
    {
        if (MessagesSent.Enabled)
        {
            MessagesSent.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint));
        }
    }

    public static void BatchWritten(string endpoint, int bytes)
    {
        if (BytesSent.Enabled)
        {
            BytesSent.Add(bytes, new KeyValuePair<string, object?>(EndpointTag, endpoint));
        }
    }

    public static void FrameReceived(string endpoint, long bytes)
    {
        if (MessagesReceived.Enabled)
        {
            MessagesReceived.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint));
        }

        if (BytesReceived.Enabled)
        {
            BytesReceived.Add(bytes, new KeyValuePair<string, object?>(EndpointTag, endpoint));
        }
    }

    public static void ConnectionOpened() => Connections.Add(1);

    public static void ConnectionClosed() => Connections.Add(-1);
}
