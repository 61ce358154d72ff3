using System.Net;
using System.Net.Sockets;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Transport;

/// <summary>Accepts silo and client connections on the silo port.</summary>
internal sealed partial class ConnectionListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IInboundRequestHandler _handler;
    private readonly string _name;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<Connection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    public ConnectionListener(IPEndPoint endpoint, IInboundRequestHandler handler, string name, ILoggerFactory loggerFactory)
    {
        _handler = handler;
        _name = name;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConnectionListener>();
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _socket.Bind(endpoint);
            _socket.Listen(512);
        }
        catch (SocketException exception)
        {
            _socket.Dispose();
            throw new SiloStartupException(
                $"The silo cannot listen on {endpoint} (Harness:Silo:ListenAddress and Harness:Silo:SiloPort): {exception.Message}.", exception);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start()
    {
        _acceptLoop = AcceptLoopAsync();
        LogListening(_name, LocalEndPoint.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Connection[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                LogAcceptFailed(_name, exception);
                continue;
            }

            var connection = new Connection(accepted, _handler, _name, _loggerFactory.CreateLogger<Connection>());
            lock (_lock)
            {
                _connections.RemoveAll(c => c.IsClosed);
                _connections.Add(connection);
            }

            connection.Start();
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Silo {Silo} accepts connections on {Endpoint}")]
    private partial void LogListening(string silo, string endpoint);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Silo {Silo} failed to accept a connection")]
    private partial void LogAcceptFailed(string silo, Exception exception);
}
