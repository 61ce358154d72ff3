using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Filters;

/// <summary>Walks the outgoing filters of one call; the last step sends it and waits for the grain's outcome.</summary>
internal sealed class OutgoingCallContext(Request request, Func<Request, Task> send, IOutgoingGrainCallFilter[] filters) : IOutgoingGrainCallContext
{
    private int _next;

    public GrainId TargetId => request.TargetId;

    public string InterfaceName => request.InterfaceName;

    public string MethodName => request.MethodName;

    public int ArgumentCount => request.ArgumentCount;

    public object? Result
    {
        get => request.ResultObject;
        set => request.ResultObject = value;
    }

    public object? GetArgument(int index) => request.GetArgument(index);

    public Task Invoke()
    {
        if (_next < filters.Length)
        {
            return filters[_next++].Invoke(this);
        }

        _next++;
        return send(request);
    }
}
