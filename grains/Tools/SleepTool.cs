using System.Globalization;
using Harness.Grains.Chains.Definitions;

namespace Harness.Grains.Tools;

/// <summary>The built-in <c>sleep</c> tool: waits <c>duration</c> (e.g. <c>500ms</c>) on the injected clock.</summary>
public sealed class SleepTool : ITool
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SleepTool"/> class.</summary>
    /// <param name="timeProvider">The clock the wait runs on.</param>
    public SleepTool(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "sleep";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public async Task<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var text = call.GetArgument("duration")
            ?? throw new ToolException("Tool 'sleep' needs the argument 'duration' (e.g. '500ms').");
        if (!DurationText.TryParse(text, out var duration) || duration < TimeSpan.Zero)
        {
            throw new ToolException($"Tool 'sleep': argument 'duration' must be a non-negative duration such as '500ms' or '2s', not '{text}'.");
        }

        await Task.Delay(duration, _timeProvider, cancellationToken).ConfigureAwait(false);
        return new ToolResult(string.Create(CultureInfo.InvariantCulture, $"{{\"sleptMs\":{duration.TotalMilliseconds}}}"));
    }
}
