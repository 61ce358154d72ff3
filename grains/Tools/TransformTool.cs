namespace Harness.Grains.Tools;

/// <summary>
/// The built-in <c>transform</c> tool: returns its rendered <c>expression</c> argument, as is when it is JSON,
/// otherwise as a JSON string. Templates over earlier outputs are rendered before the call.
/// </summary>
public sealed class TransformTool : ITool
{
    /// <inheritdoc />
    public string Name => "transform";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        cancellationToken.ThrowIfCancellationRequested();
        var expression = call.GetArgument("expression")
            ?? throw new ToolException("Tool 'transform' needs the argument 'expression'.");
        return Task.FromResult(ToolResult.FromJsonOrString(expression));
    }
}
