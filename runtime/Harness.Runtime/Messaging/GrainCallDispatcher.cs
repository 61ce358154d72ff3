using Harness.Runtime.Activation;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Filters;

namespace Harness.Runtime.Messaging;

/// <summary>
/// Routes calls from grain references to activations: the cached activation if still valid, else the
/// catalog, else placement and a new activation.
/// </summary>
internal sealed class GrainCallDispatcher(SiloRuntime runtime) : IGrainReferenceRuntime
{
    public IGrainFactory GrainFactory => runtime.GrainFactory;

    public void Send(GrainReference target, Request request)
    {
        runtime.Metrics.CallSent();
        if (runtime.OutgoingFilters.Length != 0)
        {
            SendThroughFilters(target, request);
            return;
        }

        SendCore(target, request);
    }

    /// <summary>Sends a runtime-made request (stream delivery) to <see cref="Request.TargetId"/>.</summary>
    public void SendInternal(Request request)
    {
        Deliver(null, request);
        if (!request.IsCompleted)
        {
            runtime.Timeouts.Track(request);
        }
    }

    /// <summary>Re-routes a request whose activation went away before starting it.</summary>
    public void Forward(Request request) => Deliver(null, request);

    private void SendCore(GrainReference target, Request request)
    {
        Deliver(target, request);
        if (!request.IsOneWay && !request.IsCompleted)
        {
            runtime.Timeouts.Track(request);
        }
    }

    private void Deliver(GrainReference? target, Request request)
    {
        var activation = target?.CachedTarget as ActivationData;
        while (true)
        {
            if (activation is null && !runtime.Catalog.TryGet(request.TargetId, out activation!))
            {
                if (runtime.Cluster is { } cluster)
                {
                    cluster.Route(target, request);
                }
                else
                {
                    PlaceAndDeliver(target, request);
                }

                return;
            }

            if (activation.TryEnqueue(request))
            {
                if (target is not null)
                {
                    target.CachedTarget = activation;
                }

                return;
            }

            // The activation is gone (it may not have left the catalog yet): make sure no lookup finds it again.
            runtime.Catalog.Remove(activation);
            activation = null;
        }
    }

    private void PlaceAndDeliver(GrainReference? target, Request request)
    {
        GrainClassInfo classInfo;
        ValueTask<Placement.SiloAddress> placement;
        try
        {
            classInfo = runtime.GrainTypes.GetClass(request.TargetId.Type);
            placement = runtime.Placement.PlaceAsync(classInfo, request.TargetId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Fail(runtime, request, exception);
            return;
        }

        if (placement.IsCompletedSuccessfully)
        {
            Activate(target, request, classInfo);
        }
        else
        {
            _ = AwaitPlacementAsync(placement, target, request, classInfo);
        }
    }

    private async Task AwaitPlacementAsync(ValueTask<Placement.SiloAddress> placement, GrainReference? target, Request request, GrainClassInfo classInfo)
    {
        try
        {
            await placement.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(runtime, request, exception);
            return;
        }

        Activate(target, request, classInfo);
    }

    /// <summary>Creates (or finds) the local activation and delivers the request to it.</summary>
    internal void Activate(GrainReference? target, Request request, GrainClassInfo classInfo)
    {
        ActivationData activation;
        try
        {
            activation = runtime.Catalog.GetOrCreate(request.TargetId, classInfo);
        }
        catch (Exception exception)
        {
            Fail(runtime, request, exception);
            return;
        }

        if (target is not null)
        {
            target.CachedTarget = activation;
        }

        Deliver(target, request);
    }

    /// <summary>Fails a request that could not be routed (logging it when nobody waits for it).</summary>
    internal static void Fail(SiloRuntime runtime, Request request, Exception exception)
    {
        if (request.IsOneWay)
        {
            runtime.Log.OneWayCallFailed(request.InterfaceName, request.MethodName, request.TargetId, exception);
        }

        request.TryComplete(exception);
        request.Release();
    }

    private void SendThroughFilters(GrainReference target, Request request)
    {
        // The pipeline outlives this call (a one-way caller releases its reference at once): it holds a
        // reference of its own until it has finished with the request.
        request.TryAddRef(request.Sequence);
        var response = new FilteredResponse();
        request.ResponseSink = response;
        _ = RunOutgoingFiltersAsync(target, request, response.Task);
    }

    private async Task RunOutgoingFiltersAsync(GrainReference target, Request request, Task response)
    {
        var sent = false;
        Exception? failure = null;
        try
        {
            var context = new OutgoingCallContext(
                request,
                r =>
                {
                    // A request is one call: a filter that wants a retry makes a new call instead.
                    if (sent)
                    {
                        throw new InvalidOperationException(
                            $"An outgoing grain call filter invoked {r.InterfaceName}.{r.MethodName} twice; a call is sent once (retry with a new call).");
                    }

                    sent = true;
                    SendCore(target, r);
                    return response;
                },
                runtime.OutgoingFilters);
            await context.Invoke().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (sent)
        {
            request.CompleteCaller(failure);
        }
        else
        {
            // A filter answered without sending: the callee's reference was never taken.
            request.ResponseSink = null;
            request.TryComplete(failure);
            request.Release();
        }

        request.Release();
    }
}
