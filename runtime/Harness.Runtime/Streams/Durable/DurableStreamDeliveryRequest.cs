using System.Runtime.CompilerServices;
using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// One stored event delivered to the activation that pumps its stream, as a request so it runs as a turn of the
/// grain. Bound to that activation: if it deactivates first, the request completes with false (not delivered)
/// instead of reaching the next activation, which pumps from the checkpoint itself. Pooled.
/// </summary>
internal sealed class DurableStreamDeliveryRequest : Request<bool>
{
    private DurableStreamPump? _pump;
    private ReadOnlyMemory<byte> _payload;

    public override string InterfaceName => "stream";

    public override string MethodName => "OnNext";

    public override Type InterfaceType => typeof(IStreamSubscriptionObserver);

    public override int ArgumentCount => 1;

    internal override bool IsBoundToActivation => true;

    public static DurableStreamDeliveryRequest Rent(DurableStreamPump pump, GrainId target, ReadOnlyMemory<byte> payload)
    {
        var request = RequestPool<DurableStreamDeliveryRequest>.Rent();
        request._pump = pump;
        request._payload = payload;
        request.TargetId = target;
        return request;
    }

    /// <summary>Gets the awaitable outcome: true once the grain processed the event, false if it never ran.</summary>
    public ValueTask<bool> AsValueTask() => new(this, Version);

    public override object? GetArgument(int index) => index == 0 ? _payload : throw new ArgumentOutOfRangeException(nameof(index));

    protected internal override ValueTask InvokeCore(object grain)
    {
        var delivery = _pump!.DeliverInTurnAsync((Grain)grain, _payload);
        if (delivery.IsCompletedSuccessfully)
        {
            Result = true;
            return default;
        }

        return AwaitDelivery(delivery);
    }

    protected override void ResetArguments()
    {
        _pump = null;
        _payload = default;
    }

    protected override void ReturnToPool() => RequestPool<DurableStreamDeliveryRequest>.Return(this);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitDelivery(ValueTask delivery)
    {
        // Grain code's continuation: stays in the turn (no ConfigureAwait).
        await delivery;
        Result = true;
    }
}
