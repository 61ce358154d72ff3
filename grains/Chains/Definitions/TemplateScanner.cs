using System.Text.RegularExpressions;

namespace Harness.Grains.Chains.Definitions;

/// <summary>Finds <c>{{ ... }}</c> templates in a text and checks their syntax (roots are checked by the validator).</summary>
internal static partial class TemplateScanner
{
    public static IReadOnlyList<TemplateReference> Scan(string text)
    {
        var result = new List<TemplateReference>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var close = text.IndexOf("}}", position, StringComparison.Ordinal);
            if (open < 0)
            {
                if (close >= 0)
                {
                    result.Add(new TemplateReference("}}", [], "'}}' without a matching '{{'"));
                }

                break;
            }

            if (close >= 0 && close < open)
            {
                result.Add(new TemplateReference("}}", [], "'}}' without a matching '{{'"));
            }

            var end = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var nested = text.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (end < 0 || (nested >= 0 && nested < end))
            {
                var snippet = text[open..Math.Min(text.Length, open + 30)];
                result.Add(new TemplateReference(snippet, [], $"unclosed '{{{{' in '{snippet}'"));
                if (end < 0)
                {
                    break;
                }

                position = nested;
                continue;
            }

            var template = text[open..(end + 2)];
            var (expression, filter) = ChainTemplateFilter.Split(text[(open + 2)..end]);
            if (filter is not null && filter != ChainTemplateFilter.Json)
            {
                result.Add(new TemplateReference(template, [], $"unknown filter '{filter}' in template '{template}' (expected {ChainTemplateFilter.Json})"));
            }
            else if (expression.Length == 0)
            {
                result.Add(new TemplateReference(template, [], $"empty template expression '{template}'"));
            }
            else if (!ReferencePath().IsMatch(expression))
            {
                result.Add(new TemplateReference(
                    template,
                    [],
                    $"template '{template}' is not a reference path like inputs.name, nodes.id.output.field or vars.name"));
            }
            else
            {
                var segments = Indexer().Replace(expression, string.Empty).Split('.');
                result.Add(new TemplateReference(template, segments, null));
            }

            position = end + 2;
        }

        return result;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+|\[[0-9]+\])*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePath();

    [GeneratedRegex(@"\[[0-9]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Indexer();
}
