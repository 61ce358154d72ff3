using Harness.Grains.Tools;

namespace Harness.Grains.Tests.Tools;

/// <summary>A tool that counts its calls and returns a fixed or computed result, optionally after a gate opens.</summary>
public sealed class StubTool(string name, string version, Func<ToolCall, string>? result = null) : ITool
{
    private int _calls;

    public string Name => name;

    public string Version => version;

    public int Calls => Volatile.Read(ref _calls);

    public TaskCompletionSource? Gate { get; set; }

    public async Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        return new ToolResult(result?.Invoke(call) ?? $"{{\"tool\":\"{name}\",\"version\":\"{version}\",\"call\":{n}}}");
    }
}
