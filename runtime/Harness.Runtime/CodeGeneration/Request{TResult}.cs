using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Harness.Runtime.CodeGeneration;

/// <summary>A grain call whose method produces <typeparamref name="TResult"/> (<see cref="VoidResult"/> for none).</summary>
/// <typeparam name="TResult">The method's result type.</typeparam>
/// <remarks>The request is itself the awaitable the caller gets, so an awaited call allocates no task.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Request<TResult> : Request, IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core;

    /// <summary>Gets or sets the result produced by the grain method.</summary>
    protected TResult? Result { get; set; }

    /// <inheritdoc/>
    public override object? ResultObject
    {
        get => Result;
        set => Result = (TResult?)value;
    }

    internal short Version => _core.Version;

    internal override void WriteResult(Serialization.MessageWriter writer) => Serialization.Codec<TResult>.Write(writer, Result!);

    internal override void ReadResult(Serialization.MessageReader reader) => Result = Serialization.Codec<TResult>.Read(reader);

    /// <inheritdoc/>
    TResult IValueTaskSource<TResult>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc/>
    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc/>
    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc/>
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Adapts a grain method's <see cref="Task{TResult}"/>, storing its result.</summary>
    protected ValueTask Complete(Task<TResult> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            Result = task.Result;
            return default;
        }

        return AwaitResult(task);
    }

    /// <summary>Adapts a grain method's <see cref="ValueTask{TResult}"/>, storing its result.</summary>
    protected ValueTask Complete(ValueTask<TResult> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            Result = task.Result;
            return default;
        }

        return AwaitResult(task);
    }

    /// <summary>Adapts a grain method's <see cref="Task"/>.</summary>
    protected static ValueTask Complete(Task task) => task.IsCompletedSuccessfully ? default : new ValueTask(task);

    /// <summary>Adapts a grain method's <see cref="ValueTask"/>.</summary>
    protected static ValueTask Complete(ValueTask task) => task;

    private protected override void CompleteCallerCore(Exception? exception, bool runContinuationAsynchronously)
    {
        _core.RunContinuationsAsynchronously = runContinuationAsynchronously;
        if (exception is null)
        {
            _core.SetResult(Result!);
        }
        else
        {
            _core.SetException(exception);
        }
    }

    private protected override void ResetCompletion()
    {
        Result = default;
        _core.Reset();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitResult(Task<TResult> task) => Result = await task.ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitResult(ValueTask<TResult> task) => Result = await task.ConfigureAwait(false);
}
