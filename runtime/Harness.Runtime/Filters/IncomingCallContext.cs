using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Filters;

/// <summary>Walks the incoming filters of one call, then invokes the grain method.</summary>
internal sealed class IncomingCallContext(Request request, object grain, IIncomingGrainCallFilter[] filters) : IIncomingGrainCallContext
{
    private int _next;

    public object Grain => grain;

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

    public ValueTask InvokeAsync() => new(Invoke());

    public Task Invoke()
    {
        if (_next < filters.Length)
        {
            return filters[_next++].Invoke(this);
        }

        _next++;
        return request.InvokeCore(grain).AsTask();
    }
}
