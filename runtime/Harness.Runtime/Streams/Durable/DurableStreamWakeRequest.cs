using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Serialization;

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// Tells an implicitly subscribed grain that its durable stream has new events: the grain's activation starts
/// pumping the stream (or keeps pumping) and the request returns at once. One-way, pooled, and serializable with a
/// reserved wire id, so the dispatcher can carry it to the silo where the grain lives.
/// </summary>
internal sealed class DurableStreamWakeRequest : Request<VoidResult>
{
    /// <summary>
    /// The reserved wire id: FNV-1a (the generated ids' hash) of <see cref="Signature"/>, which no grain interface
    /// can declare ('$' is not an identifier character); a collision would stop the silo's start naming both.
    /// </summary>
    public const uint WakeMethodId = 0x2a34e789;

    /// <summary>The name the wire id is registered under.</summary>
    public const string Signature = "$harness.streams.durable.Wake(string,string,string)";

    private string _provider = string.Empty;
    private string _namespace = string.Empty;
    private string _key = string.Empty;

    public override string InterfaceName => "stream";

    public override string MethodName => "Wake";

    public override Type InterfaceType => typeof(IStreamSubscriptionObserver);

    public override int ArgumentCount => 3;

    public override uint MethodId => WakeMethodId;

    // Runs no grain code (it only starts the activation's pump), so it need not wait for the grain's current turn.
    public override bool IsAlwaysInterleave => true;

    /// <summary>Rents a wake for <paramref name="target"/> about <paramref name="streamId"/> of <paramref name="provider"/>.</summary>
    public static DurableStreamWakeRequest Rent(string provider, StreamId streamId, GrainId target)
    {
        var request = RequestPool<DurableStreamWakeRequest>.Rent();
        request._provider = provider;
        request._namespace = streamId.Namespace;
        request._key = streamId.Key;
        request.TargetId = target;
        request.IsOneWay = true;
        return request;
    }

    public override object? GetArgument(int index) => index switch
    {
        0 => _provider,
        1 => _namespace,
        2 => _key,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    protected internal override void WriteArguments(MessageWriter writer)
    {
        writer.WriteString(_provider);
        writer.WriteString(_namespace);
        writer.WriteString(_key);
    }

    protected internal override void ReadArguments(MessageReader reader)
    {
        _provider = reader.ReadRequiredString();
        _namespace = reader.ReadRequiredString();
        _key = reader.ReadRequiredString();
    }

    protected internal override ValueTask InvokeCore(object grain)
    {
        var activation = ((Grain)grain).Activation;
        if (activation.Runtime.GetStreamProvider(_provider) is not DurableStreamProvider provider)
        {
            throw new StreamDeliveryException($"Stream provider '{_provider}' of silo {activation.Runtime.LocalSilo} is not a durable stream provider.");
        }

        provider.OnWake(activation, new StreamId(_namespace, _key));
        return default;
    }

    protected override void ResetArguments()
    {
        _provider = string.Empty;
        _namespace = string.Empty;
        _key = string.Empty;
    }

    protected override void ReturnToPool() => RequestPool<DurableStreamWakeRequest>.Return(this);
}
