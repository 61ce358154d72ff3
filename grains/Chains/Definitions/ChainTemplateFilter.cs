namespace Harness.Grains.Chains.Definitions;

/// <summary>
/// Filters of a template, written after a bar: <c>{{nodes.recipe.output | json}}</c> inserts the value as a JSON
/// literal (a string quoted and escaped), so generated text can go inside a JSON document whatever it holds.
/// </summary>
internal static class ChainTemplateFilter
{
    /// <summary>The filter that inserts the value as a JSON literal.</summary>
    public const string Json = "json";

    /// <summary>Splits the inside of a template into its reference path and its filter (null without one), both trimmed.</summary>
    /// <param name="inside">The text between the braces.</param>
    /// <returns>The path and the filter.</returns>
    public static (string Path, string? Filter) Split(string inside)
    {
        var bar = inside.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (inside.Trim(), null) : (inside[..bar].Trim(), inside[(bar + 1)..].Trim());
    }
}
