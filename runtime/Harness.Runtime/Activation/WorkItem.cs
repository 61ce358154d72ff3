using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Activation;

/// <summary>One turn queued on an activation: a posted continuation or the start of a request.</summary>
internal readonly struct WorkItem
{
    public WorkItem(SendOrPostCallback callback, object? state)
    {
        Callback = callback;
        State = state;
        Request = null;
    }

    public WorkItem(Request request)
    {
        Callback = null;
        State = null;
        Request = request;
    }

    public SendOrPostCallback? Callback { get; }

    public object? State { get; }

    public Request? Request { get; }
}
