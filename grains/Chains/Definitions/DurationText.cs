using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Grains.Chains.Definitions;

/// <summary>Durations as written in chain documents: a number and a unit, e.g. <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static partial class DurationText
{
    /// <summary>Writes a duration the way documents do: <c>750ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#}ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.###}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.###}h"),
    };

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success
            || !double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var milliseconds = match.Groups["unit"].Value switch
        {
            "ms" => value,
            "s" => value * 1_000,
            "m" => value * 60_000,
            _ => value * 3_600_000,
        };
        if (Math.Abs(milliseconds) > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    [GeneratedRegex(@"^(?<value>-?[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
