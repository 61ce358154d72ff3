using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Streams;

/// <summary>One stream item delivered to a subscribing grain, as a request so it runs as a grain turn.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class StreamDeliveryRequest<T> : Request<VoidResult>
{
    private readonly Func<Grain, T, ValueTask> _deliver;
    private readonly T _item;

    public StreamDeliveryRequest(GrainId target, Func<Grain, T, ValueTask> deliver, T item)
    {
        _deliver = deliver;
        _item = item;
        OnRented();
        TargetId = target;
    }

    public override string InterfaceName => "stream";

    public override string MethodName => "OnNext";

    public override Type InterfaceType => typeof(IAsyncObserver<T>);

    public override int ArgumentCount => 1;

    public override object? GetArgument(int index) => index == 0 ? _item : throw new ArgumentOutOfRangeException(nameof(index));

    public ValueTask AsValueTask() => new(this, Version);

    protected internal override ValueTask InvokeCore(object grain) => _deliver((Grain)grain, _item);

    protected override void ResetArguments()
    {
    }

    protected override void ReturnToPool()
    {
    }
}
