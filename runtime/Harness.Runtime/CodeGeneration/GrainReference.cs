using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>
/// Base class of generated grain references (proxies). A reference is a cheap, immutable handle: it holds
/// the grain's id and, as a routing hint, the activation it last reached.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    /// <summary>Initializes a reference.</summary>
    protected GrainReference(IGrainReferenceRuntime runtime, GrainId grainId)
    {
        Runtime = runtime;
        GrainId = grainId;
    }

    /// <inheritdoc/>
    public GrainId GrainId { get; }

    /// <summary>Gets the runtime this reference sends calls through.</summary>
    public IGrainReferenceRuntime Runtime { get; }

    /// <summary>Gets or sets the activation this reference last reached: a hint the runtime validates on use.</summary>
    internal object? CachedTarget { get; set; }

    /// <inheritdoc/>
    public bool Equals(GrainReference? other) => other is not null && GrainId == other.GrainId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => GrainId.ToString();

    /// <summary>Sends a call that produces a result.</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(Request<TResult> request)
    {
        var version = request.Version;
        request.TargetId = GrainId;
        Diagnostics.GrainCallActivities.StartCall(request);
        Runtime.Send(this, request);
        return new ValueTask<TResult>(request, version);
    }

    /// <summary>Sends a call that produces no result.</summary>
    protected ValueTask InvokeVoidAsync(Request<VoidResult> request)
    {
        var version = request.Version;
        request.TargetId = GrainId;
        Diagnostics.GrainCallActivities.StartCall(request);
        Runtime.Send(this, request);
        return new ValueTask(request, version);
    }

    /// <summary>Sends a call whose outcome the caller does not wait for.</summary>
    protected void InvokeOneWay(Request request)
    {
        request.TargetId = GrainId;
        request.IsOneWay = true;
        Diagnostics.GrainCallActivities.StartCall(request);
        Runtime.Send(this, request);
        request.Release();
    }
}
