using Harness.Grains.Tools;

namespace Harness.Grains.Tests.Chains;

/// <summary>A tool that fails its first <c>failures</c> calls, then succeeds; it counts calls per node.</summary>
public sealed class FlakyTool(string name, int failures) : ITool
{
    private readonly Dictionary<string, int> _callsByNode = new(StringComparer.Ordinal);
    private int _calls;

    public string Name => name;

    public string Version => "1";

    public int Calls => Volatile.Read(ref _calls);

    public int CallsOf(string nodeId)
    {
        lock (_callsByNode)
        {
            return _callsByNode.GetValueOrDefault(nodeId);
        }
    }

    public Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var n = Interlocked.Increment(ref _calls);
        lock (_callsByNode)
        {
            _callsByNode[call.Key.NodeId] = _callsByNode.GetValueOrDefault(call.Key.NodeId) + 1;
        }

        if (n <= failures)
        {
            throw new ToolException($"{name} failed on call {n}");
        }

        return Task.FromResult(ToolResult.FromJsonOrString($"{{\"node\":\"{call.Key.NodeId}\",\"attempt\":{call.Key.Attempt},\"value\":{n}}}"));
    }
}
