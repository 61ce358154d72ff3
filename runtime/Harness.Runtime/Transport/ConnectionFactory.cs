using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Transport;

/// <summary>Opens outbound connections (client to gateway, silo to silo) and waits for the peer's handshake.</summary>
internal static class ConnectionFactory
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; fails with <see cref="TimeoutException"/> when no connection or handshake arrives in time.</summary>
    public static async Task<Connection> ConnectAsync(
        string host,
        int port,
        IInboundRequestHandler? inbound,
        string localName,
        TimeSpan connectTimeout,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no connection within {connectTimeout}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new Connection(socket, inbound, localName, loggerFactory.CreateLogger<Connection>());
        connection.Start();
        try
        {
            await connection.Ready.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw exception is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? new TimeoutException($"no handshake within {connectTimeout}: is it a Harness silo port?")
                : exception;
        }

        return connection;
    }
}
