using System.Collections.Concurrent;
using Harness.Runtime.Activation;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Transport;

namespace Harness.Runtime.Messaging;

/// <summary>
/// Routes calls for grains without a local activation in a multi-silo cluster: a cached route, else the grain
/// directory, else placement. A new local activation registers in the directory before it runs any grain code
/// (first writer wins, so concurrent first calls from different silos end with one activation); the loser's
/// queued calls follow the winner.
/// </summary>
internal sealed class ClusterRouter : IAsyncDisposable
{
    private static readonly TimeSpan MinimumCloseGrace = TimeSpan.FromSeconds(1);

    private readonly SiloRuntime _runtime;
    private readonly ClusterMembershipService _membership;
    private readonly IGrainDirectory _directory;
    private readonly SiloConnections _connections;
    private readonly ConcurrentDictionary<GrainId, RemoteActivation> _routes = new();
    private readonly byte _maxForwardCount;
    private int _routing;

    public ClusterRouter(SiloRuntime runtime, ClusterMembershipService membership, IGrainDirectory directory, SiloConnections connections)
    {
        _runtime = runtime;
        _membership = membership;
        _directory = directory;
        _connections = connections;
        _maxForwardCount = (byte)membership.Options.MaxForwardCount;
        membership.SiloDied += OnSiloDied;
    }

    public ClusterMembershipService Membership => _membership;

    /// <summary>Routes a request whose grain has no activation in this silo's catalog.</summary>
    public void Route(GrainReference? target, Request request)
    {
        // A silo that sent the request here believed the grain is (or goes) here: only the directory can say
        // otherwise. Following this silo's own cached route instead could bounce it between two stale caches.
        var route = target?.CachedTarget as RemoteActivation;
        if (request.RouteHere || (route is not { IsValid: true } && !_routes.TryGetValue(request.TargetId, out route)))
        {
            _ = RouteAsync(target, request);
            return;
        }

        if (!route.IsValid)
        {
            _routes.TryRemove(KeyValuePair.Create(request.TargetId, route));
            _ = RouteAsync(target, request);
            return;
        }

        if (target is not null)
        {
            target.CachedTarget = route;
        }

        SendRemote(route.Silo, request);
    }

    /// <summary>Registers a new local activation; returns the silo that owns the grain (this one if it won).</summary>
    public async Task<SiloAddress> RegisterAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var local = new GrainAddress(grainId, _runtime.LocalSilo);
        var registered = await _directory.RegisterAsync(local, null, cancellationToken).ConfigureAwait(false);
        if (registered.Silo != _runtime.LocalSilo && _membership.View.IsDead(registered.Silo))
        {
            registered = await _directory.RegisterAsync(local, registered, cancellationToken).ConfigureAwait(false);
        }

        if (registered.Silo != _runtime.LocalSilo)
        {
            _runtime.Metrics.RegistrationLost();
            Remember(grainId, registered.Silo);
        }

        return registered.Silo;
    }

    /// <summary>Removes a deactivated local activation's directory entry (a newer registration is kept).</summary>
    public Task UnregisterAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _directory.UnregisterAsync(new GrainAddress(grainId, _runtime.LocalSilo), cancellationToken);

    /// <summary>
    /// Waits until calls being routed have been sent and calls sent to other silos have been answered: calls this
    /// silo passed on while draining get their answers before it leaves (its callers' connections close then).
    /// </summary>
    public async Task WaitForForwardedCallsAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _routing) > 0 || _connections.HasPendingCalls)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _membership.SiloDied -= OnSiloDied;
        return _connections.DisposeAsync();
    }

    private async Task RouteAsync(GrainReference? target, Request request)
    {
        Interlocked.Increment(ref _routing);
        try
        {
            await RouteCoreAsync(target, request).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _routing);
        }
    }

    private async Task RouteCoreAsync(GrainReference? target, Request request)
    {
        SiloAddress destination;
        SiloAddress? registeredSilo = null;
        GrainClassInfo classInfo;
        try
        {
            classInfo = _runtime.GrainTypes.GetClass(request.TargetId.Type);
            var registered = await _directory.LookupAsync(request.TargetId, CancellationToken.None).ConfigureAwait(false);
            if (registered is { } entry && !_membership.View.IsDead(entry.Silo))
            {
                destination = entry.Silo;
                registeredSilo = entry.Silo;
            }
            else if (request.RouteHere && !_runtime.Catalog.IsStopping)
            {
                // The sending silo chose this one (placement ran there); a stopping silo places it elsewhere.
                destination = _runtime.LocalSilo;
            }
            else
            {
                destination = await _runtime.Placement.PlaceAsync(classInfo, request.TargetId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            GrainCallDispatcher.Fail(_runtime, request, exception);
            return;
        }

        if (destination == _runtime.LocalSilo)
        {
            _runtime.Dispatcher.Activate(target, request, classInfo);
            return;
        }

        // Only a directory entry is remembered: a placement decision elsewhere is not a registration yet.
        if (registeredSilo == destination)
        {
            var route = Remember(request.TargetId, destination);
            if (target is not null)
            {
                target.CachedTarget = route;
            }
        }

        SendRemote(destination, request);
    }

    private RemoteActivation Remember(GrainId grainId, SiloAddress silo)
    {
        var route = new RemoteActivation(silo);
        _routes[grainId] = route;

        // The view is published before its deaths are swept: a route added after the sweep is caught here.
        if (_membership.View.IsDead(silo))
        {
            route.Invalidate();
            _routes.TryRemove(KeyValuePair.Create(grainId, route));
        }

        return route;
    }

    private void SendRemote(SiloAddress silo, Request request)
    {
        // A request that arrived over the network (from a silo or a client) and is passed on counts a hop, so
        // stale routes cannot loop.
        if (request.TimeoutOverride is not null)
        {
            if (request.ForwardCount >= _maxForwardCount)
            {
                GrainCallDispatcher.Fail(_runtime, request, new SiloUnavailableException(
                    $"A call to grain {request.TargetId} was forwarded between silos {request.ForwardCount} times without reaching its activation (Harness:Cluster:MaxForwardCount)."));
                return;
            }

            request.ForwardCount++;
            _runtime.Metrics.CallForwarded();
        }

        request.RouteHere = true;
        _connections.Send(silo, request, _runtime.Timeouts.GetTimeout(request));
    }

    private void OnSiloDied(SiloAddress silo)
    {
        foreach (var (grainId, route) in _routes)
        {
            if (route.Silo == silo)
            {
                route.Invalidate();
                _routes.TryRemove(KeyValuePair.Create(grainId, route));
            }
        }

        _ = CloseLaterAsync(silo);
    }

    /// <summary>
    /// Closes the connection to a silo that is now dead once answers already on their way had time to arrive: a
    /// silo that left gracefully sends its last answers (calls it passed on while draining) just before it goes.
    /// A crashed process's connection fails by itself sooner; a silent one is cut here.
    /// </summary>
    private async Task CloseLaterAsync(SiloAddress silo)
    {
        var grace = _membership.Options.TableRefreshPeriod * 2;
        await Task.Delay(grace < MinimumCloseGrace ? MinimumCloseGrace : grace, _runtime.TimeProvider).ConfigureAwait(false);
        _connections.Close(silo, "has left the cluster or been declared dead");
    }
}
