using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>
/// One grain call: the arguments, the method it invokes, and (in <see cref="Request{TResult}"/>) the
/// completion the caller awaits. The source generator emits one sealed subclass per grain interface method.
/// </summary>
/// <remarks>
/// <para>Requests are pooled. Two parties hold a request while a call is in flight: the caller (until it has
/// read the result) and the callee side (until the grain method has finished or the request was dropped).
/// The request goes back to its pool when both have released it, so neither ever sees another call's data.
/// A third party, the response-timeout sweeper, holds no reference: it identifies a call by its sequence
/// number and takes a temporary reference only if that call is still the current one.</para>
/// <para>State word: bits 0-7 the reference count, bit 8 "completed", bits 32-63 the sequence number of the
/// current call. One word, so every transition is a single compare-and-swap.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Request
{
    private const long RefMask = 0xFF;
    private const long CompletedBit = 0x100;
    private const int SeqShift = 32;

    private long _state;
    private ValueTask _pendingInvocation;
    private Activation.ActivationData? _invocationTarget;
    private Action? _onInvocationCompleted;

    /// <summary>Gets the name of the grain interface that declares the method.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>Gets the method name.</summary>
    public abstract string MethodName { get; }

    /// <summary>Gets the grain interface type.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>Gets the number of arguments.</summary>
    public abstract int ArgumentCount { get; }

    /// <summary>Gets a value indicating whether the method is marked <see cref="AlwaysInterleaveAttribute"/>.</summary>
    public virtual bool IsAlwaysInterleave => false;

    /// <summary>Gets the method's own response timeout (<see cref="ResponseTimeoutAttribute"/>), if any.</summary>
    public virtual TimeSpan? ResponseTimeout => null;

    /// <summary>
    /// Gets the method's wire id: a stable hash of the interface's full name, the method name and the
    /// parameter types, computed by the source generator. Zero for runtime-internal requests that never leave a silo.
    /// </summary>
    public virtual uint MethodId => 0;

    /// <summary>Gets or sets the result as an object (for call filters; the typed path never boxes).</summary>
    public abstract object? ResultObject { get; set; }

    /// <summary>Gets the target grain, set when the call is sent.</summary>
    public GrainId TargetId { get; internal set; }

    /// <summary>Gets a value indicating whether the caller does not wait for the call (<see cref="OneWayAttribute"/>).</summary>
    public bool IsOneWay { get; internal set; }

    /// <summary>Gets a value indicating whether the request belongs to one activation (a timer tick) and must not be forwarded to the next.</summary>
    internal virtual bool IsBoundToActivation => false;

    /// <summary>Gets a value indicating whether finishing this request counts as activity of the activation (timer ticks may not).</summary>
    internal virtual bool KeepsActivationAlive => true;

    internal uint Sequence => (uint)(Volatile.Read(ref _state) >> SeqShift);

    internal bool IsCompleted => (Volatile.Read(ref _state) & CompletedBit) != 0;

    // Set for calls whose outcome goes somewhere other than an awaiting caller: through the outgoing filter
    // pipeline first, or back over the network to a remote caller.
    internal IResponseSink? ResponseSink { get; set; }

    /// <summary>Gets or sets the span of this call as its caller sees it (when traced).</summary>
    internal System.Diagnostics.Activity? CallActivity { get; set; }

    /// <summary>Gets or sets the span the grain method's span is parented by (the caller's span id, W3C format).</summary>
    internal string? TraceParent { get; set; }

    /// <summary>Gets or sets the grain method's span (when traced).</summary>
    internal System.Diagnostics.Activity? HandlingActivity { get; set; }

    /// <summary>Gets or sets the remote caller's correlation id (requests that arrived over the network).</summary>
    internal long RemoteCorrelationId { get; set; }

    /// <summary>Gets or sets the time the remote caller still waits (requests that arrived over the network).</summary>
    internal TimeSpan? TimeoutOverride { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the silo receiving this request is where it goes: the sending silo
    /// placed the grain there (or found it there in the directory), so it activates locally unless the directory
    /// names another live silo.
    /// </summary>
    internal bool RouteHere { get; set; }

    /// <summary>Gets or sets how many times silos have forwarded this request (bounded, so stale routes cannot loop).</summary>
    internal byte ForwardCount { get; set; }

    /// <summary>Gets an argument by position (boxed; for call filters and diagnostics).</summary>
    public abstract object? GetArgument(int index);

    /// <summary>Writes the arguments (generated for every grain method with parameters).</summary>
    protected internal virtual void WriteArguments(Serialization.MessageWriter writer)
    {
    }

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>.</summary>
    protected internal virtual void ReadArguments(Serialization.MessageReader reader)
    {
    }

    /// <summary>Writes the stored result.</summary>
    internal abstract void WriteResult(Serialization.MessageWriter writer);

    /// <summary>Reads a result into the request.</summary>
    internal abstract void ReadResult(Serialization.MessageReader reader);

    /// <summary>Invokes the grain method on <paramref name="grain"/>; the result is stored in the request.</summary>
    protected internal abstract ValueTask InvokeCore(object grain);

    /// <summary>Clears the argument fields so a pooled request keeps nothing alive.</summary>
    protected abstract void ResetArguments();

    /// <summary>Returns this request to its type's pool.</summary>
    protected abstract void ReturnToPool();

    /// <summary>Completes the caller side with the stored result, or with an exception.</summary>
    private protected abstract void CompleteCallerCore(Exception? exception, bool runContinuationAsynchronously);

    /// <summary>Clears the result and the caller-side completion.</summary>
    private protected abstract void ResetCompletion();

    /// <summary>Waits for a grain method that did not complete synchronously, without allocating a continuation.</summary>
    internal void AwaitInvocation(ValueTask invocation, Activation.ActivationData activation)
    {
        _pendingInvocation = invocation;
        _invocationTarget = activation;
        invocation.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onInvocationCompleted ??= OnInvocationCompleted);
    }

    internal void OnRented()
    {
        var seq = (uint)(_state >> SeqShift) + 1;
        Volatile.Write(ref _state, ((long)seq << SeqShift) | 2);
    }

    internal bool IsCompletedFor(uint sequence)
    {
        var s = Volatile.Read(ref _state);
        return (uint)(s >> SeqShift) != sequence || (s & CompletedBit) != 0 || (s & RefMask) == 0;
    }

    private void OnInvocationCompleted()
    {
        var invocation = _pendingInvocation;
        var target = _invocationTarget!;
        _pendingInvocation = default;
        _invocationTarget = null;
        Exception? failure = null;
        try
        {
            invocation.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        target.OnRequestCompleted(this, failure);
    }

    /// <summary>Takes a temporary reference if <paramref name="sequence"/> is still the current call.</summary>
    internal bool TryAddRef(uint sequence)
    {
        while (true)
        {
            var s = Volatile.Read(ref _state);
            if ((uint)(s >> SeqShift) != sequence || (s & RefMask) == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, s + 1, s) == s)
            {
                return true;
            }
        }
    }

    /// <summary>Drops one reference; the last one returns the request to its pool.</summary>
    internal void Release()
    {
        var s = Interlocked.Decrement(ref _state);
        if ((s & RefMask) == 0)
        {
            ResetArguments();
            ResetCompletion();
            TargetId = default;
            IsOneWay = false;
            ResponseSink = null;
            RemoteCorrelationId = 0;
            TimeoutOverride = null;
            RouteHere = false;
            ForwardCount = 0;
            CallActivity = null;
            TraceParent = null;
            HandlingActivity = null;
            ReturnToPool();
        }
    }

    /// <summary>
    /// Completes the call once: with the stored result when <paramref name="exception"/> is null. Later
    /// attempts (a grain finishing after its caller timed out) return false and change nothing.
    /// </summary>
    internal bool TryComplete(Exception? exception, bool resumeCallerAsynchronously = false)
    {
        while (true)
        {
            var s = Volatile.Read(ref _state);
            if ((s & CompletedBit) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, s | CompletedBit, s) == s)
            {
                break;
            }
        }

        Diagnostics.GrainCallActivities.Stop(CallActivity, exception);
        CallActivity = null;
        if (ResponseSink is { } sink)
        {
            sink.OnResponse(this, exception);
            return true;
        }

        CompleteCaller(exception, resumeCallerAsynchronously);
        return true;
    }

    /// <summary>Completes the caller-facing side directly (the end of an outgoing filter pipeline).</summary>
    internal void CompleteCaller(Exception? exception, bool resumeCallerAsynchronously = false)
    {
        // Completed from inside an activation's turn, the caller resumes on the thread pool: run inline, an
        // external caller would execute on the activation's thread and its next call would always find the
        // activation busy. Elsewhere (the inline fast path, I/O threads) it continues inline.
        var fromTurn = SynchronizationContext.Current is Activation.ActivationSynchronizationContext;
        CompleteCallerCore(exception, runContinuationAsynchronously: fromTurn || resumeCallerAsynchronously);
    }
}
