using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Filters;

/// <summary>Hands a callee's outcome to the outgoing filter pipeline, which completes the caller after its filters ran.</summary>
internal sealed class FilteredResponse : IResponseSink
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _completion.Task;

    public void OnResponse(Request request, Exception? exception)
    {
        if (exception is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(exception);
        }
    }
}
