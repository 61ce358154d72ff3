using System.Collections.Concurrent;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Transport;

/// <summary>
/// This silo's outbound connections to other silos, one per silo, opened on first use. A connection that
/// closes is dropped and the next call opens a new one; a silo declared dead has its connection closed, which
/// fails the calls waiting on it.
/// </summary>
internal sealed class SiloConnections(SiloRuntime runtime, TimeSpan connectTimeout, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Task<Connection>> _connections = new();
    private readonly Lock _connectLock = new();
    private readonly InboundRequestHandler _inbound = new(runtime);
    private volatile bool _disposed;

    /// <summary>Sends <paramref name="request"/> to <paramref name="silo"/>; the callee-side reference passes to the connection.</summary>
    public void Send(SiloAddress silo, Request request, TimeSpan timeout)
    {
        if (_connections.TryGetValue(silo, out var existing) && existing.IsCompletedSuccessfully && !existing.Result.IsClosed)
        {
            existing.Result.Send(request, timeout);
            return;
        }

        _ = ConnectAndSendAsync(silo, request, timeout);
    }

    /// <summary>Closes the connection to a silo that has left or died.</summary>
    public void Close(SiloAddress silo, string reason)
    {
        if (_connections.TryRemove(silo, out var connection) && connection.IsCompletedSuccessfully)
        {
            connection.Result.Close(new SiloUnavailableException($"Silo {silo} {reason}."));
        }
    }

    /// <summary>Gets a value indicating whether a call sent to another silo still waits for its response.</summary>
    public bool HasPendingCalls => _connections.Values.Any(c => c.IsCompletedSuccessfully && !c.Result.IsClosed && c.Result.PendingCount > 0);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var (silo, task) in _connections.ToArray())
        {
            _connections.TryRemove(silo, out _);
            if (task.IsCompletedSuccessfully)
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ConnectAndSendAsync(SiloAddress silo, Request request, TimeSpan timeout)
    {
        Connection connection;
        try
        {
            connection = await GetAsync(silo).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            request.TryComplete(exception is SiloUnavailableException ? exception : new SiloUnavailableException($"Silo {silo} is unreachable: {exception.Message}", exception));
            request.Release();
            return;
        }

        connection.Send(request, timeout);
    }

    private async Task<Connection> GetAsync(SiloAddress silo)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Task<Connection> task;
            lock (_connectLock)
            {
                if (!_connections.TryGetValue(silo, out task!))
                {
                    task = ConnectAsync(silo);
                    _connections[silo] = task;
                }
            }

            try
            {
                var connection = await task.ConfigureAwait(false);
                if (!connection.IsClosed)
                {
                    return connection;
                }
            }
            catch
            {
                _connections.TryRemove(KeyValuePair.Create(silo, task));
                throw;
            }

            _connections.TryRemove(KeyValuePair.Create(silo, task));
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo)
    {
        var connection = await ConnectionFactory.ConnectAsync(
            silo.Host, silo.Port, _inbound, runtime.LocalSilo.ToString(), connectTimeout, loggerFactory, CancellationToken.None).ConfigureAwait(false);
        if (connection.RemoteName != silo.ToString())
        {
            // A restarted process on the same endpoint is another silo: the one addressed is gone.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SiloUnavailableException($"Silo {silo} is gone: {silo.Host}:{silo.Port} is now silo {connection.RemoteName}.");
        }

        return connection;
    }
}
