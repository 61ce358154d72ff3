namespace Harness.Grains.Tools;

/// <summary>A versioned tool that <c>tool</c> nodes call through the <see cref="ToolRegistry"/>.</summary>
public interface ITool
{
    /// <summary>Gets the tool's name, e.g. <c>http</c>.</summary>
    string Name { get; }

    /// <summary>Gets the tool's version, e.g. <c>1</c> or <c>2.1</c>.</summary>
    string Version { get; }

    /// <summary>Runs the tool with already-rendered arguments.</summary>
    /// <param name="call">The call: arguments and idempotency key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The result as JSON.</returns>
    /// <exception cref="ToolException">The call failed for a reason the tool can name.</exception>
    Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken);
}
