using System.Collections.Concurrent;
using Harness.Runtime;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Messaging;
using Harness.Runtime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Client;

/// <summary>
/// Calls grains from outside the cluster, through one gateway silo at a time. Grain references work as inside
/// a silo (typed, generated proxies); calls travel over the silo port. When the gateway's connection drops,
/// calls in flight fail with <see cref="SiloUnavailableException"/> (whether they ran is unknown) and the next
/// call connects to the next reachable gateway.
/// </summary>
public sealed partial class HarnessClusterClient : IClusterClient, IGrainReferenceRuntime, IAsyncDisposable
{
    private readonly ClusterClientOptions _options;
    private readonly GatewayEndpoint[] _gateways;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ResponseTimeoutTracker _timeouts;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly Lock _registryLock = new();
    private readonly GrainCodeRegistry _registry = new();
    private readonly ConcurrentDictionary<Type, Func<IGrainReferenceRuntime, GrainId, GrainReference>> _proxies = new();
    private Connection? _connection;
    private int _nextGateway;
    private bool _disposed;

    /// <summary>Creates a client; call <see cref="ConnectAsync"/> (or register it with <c>AddHarnessClient</c>) before use.</summary>
    public HarnessClusterClient(IOptions<ClusterClientOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IServiceProvider services)
    {
        _options = options.Value;
        _gateways = [.. _options.Gateways.Select(g => GatewayEndpoint.TryParse(g, out var e) ? e : throw new ArgumentException($"Gateway '{g}' is not host:port.", nameof(options)))];
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<HarnessClusterClient>();
        _timeouts = new ResponseTimeoutTracker(timeProvider, _options.ResponseTimeout, TimeSpan.FromMilliseconds(100));
        ServiceProvider = services;
        _nextGateway = _gateways.Length == 0 ? 0 : Random.Shared.Next(_gateways.Length);
    }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider { get; }

    /// <inheritdoc/>
    IGrainFactory IGrainReferenceRuntime.GrainFactory => this;

    /// <summary>Gets the gateway the client is connected to, or null.</summary>
    public string? Gateway => _connection is { IsClosed: false } c ? c.RemoteName : null;

    /// <summary>Connects to a reachable gateway (trying each configured one) unless already connected.</summary>
    /// <exception cref="SiloUnavailableException">No gateway answered; the message lists each and why.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => Create<TGrainInterface>(key, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => Create<TGrainInterface>(key.ToString("N"), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => Create<TGrainInterface>(key.ToString(System.Globalization.CultureInfo.InvariantCulture), grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => (TGrainInterface)(object)GetProxyFactory(typeof(TGrainInterface))(this, grainId);

    /// <inheritdoc/>
    void IGrainReferenceRuntime.Send(GrainReference target, Request request)
    {
        var connection = _connection;
        if (connection is null || connection.IsClosed)
        {
            _ = ConnectAndSendAsync(request);
            return;
        }

        SendOn(connection, request);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _timeouts.Dispose();
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }

    private TGrainInterface Create<TGrainInterface>(string key, string? grainClassNamePrefix)
    {
        if (grainClassNamePrefix is not null)
        {
            throw new NotSupportedException("A client addresses a grain interface implemented by exactly one grain class; grainClassNamePrefix is for silos.");
        }

        var connection = _connection ?? throw new InvalidOperationException("The client is not connected: call ConnectAsync first (AddHarnessClient connects when the host starts).");
        var interfaceName = typeof(TGrainInterface).FullName!;
        if (!connection.RemoteManifest.TryGetValue(interfaceName, out var grainType))
        {
            throw new InvalidOperationException(
                $"Gateway {connection.RemoteName} hosts no single grain class implementing {interfaceName}.");
        }

        return (TGrainInterface)(object)GetProxyFactory(typeof(TGrainInterface))(this, new GrainId(grainType, key));
    }

    private Func<IGrainReferenceRuntime, GrainId, GrainReference> GetProxyFactory(Type grainInterface) =>
        _proxies.GetOrAdd(grainInterface, type =>
        {
            lock (_registryLock)
            {
                _registry.AddAssembly(type.Assembly);
                return _registry.Proxies.TryGetValue(type, out var factory)
                    ? factory
                    : throw new InvalidOperationException($"{type.FullName} has no generated grain reference: is it a grain interface in a project with HarnessCodeGen?");
            }
        });

    private void SendOn(Connection connection, Request request)
    {
        connection.Send(request, _timeouts.GetTimeout(request));
        if (!request.IsOneWay && !request.IsCompleted)
        {
            _timeouts.Track(request);
        }
    }

    private async Task ConnectAndSendAsync(Request request)
    {
        Connection connection;
        try
        {
            connection = await EnsureConnectedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            request.TryComplete(exception);
            request.Release();
            return;
        }

        SendOn(connection, request);
    }

    private async Task<Connection> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is { IsClosed: false } current)
        {
            return current;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsClosed: false } connected)
            {
                return connected;
            }

            var failures = new List<string>();
            for (var attempt = 0; attempt < _gateways.Length; attempt++)
            {
                var gateway = _gateways[(_nextGateway + attempt) % _gateways.Length];
                try
                {
                    var connection = await OpenAsync(gateway, cancellationToken).ConfigureAwait(false);
                    _nextGateway = (_nextGateway + attempt + 1) % _gateways.Length;
                    _connection = connection;
                    LogConnected(gateway.ToString(), connection.RemoteName);
                    return connection;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{gateway} ({exception.Message})");
                    LogGatewayUnreachable(gateway.ToString(), exception.Message);
                }
            }

            throw new SiloUnavailableException($"No gateway could be reached: {string.Join("; ", failures)}.");
        }
        finally
        {
            _connecting.Release();
        }
    }

    private Task<Connection> OpenAsync(GatewayEndpoint gateway, CancellationToken cancellationToken) =>
        ConnectionFactory.ConnectAsync(gateway.Host, gateway.Port, inbound: null, _options.ClientName, _options.ConnectTimeout, _loggerFactory, cancellationToken);

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Connected to gateway {Gateway} ({Silo})")]
    private partial void LogConnected(string gateway, string silo);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Gateway {Gateway} is unreachable: {Reason}")]
    private partial void LogGatewayUnreachable(string gateway, string reason);
}
