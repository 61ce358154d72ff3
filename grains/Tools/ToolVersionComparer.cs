using System.Globalization;

namespace Harness.Grains.Tools;

/// <summary>Orders tool versions: dotted numbers numerically (<c>2</c> &lt; <c>10</c> &lt; <c>10.1</c>), others ordinally after them.</summary>
internal sealed class ToolVersionComparer : IComparer<string>
{
    public static readonly ToolVersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var left = Parse(x);
        var right = Parse(y);
        if (left is not null && right is not null)
        {
            for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
            {
                var a = i < left.Length ? left[i] : 0;
                var b = i < right.Length ? right[i] : 0;
                if (a != b)
                {
                    return a.CompareTo(b);
                }
            }

            return string.CompareOrdinal(x, y);
        }

        if (left is not null)
        {
            return -1;
        }

        return right is not null ? 1 : string.CompareOrdinal(x, y);
    }

    private static long[]? Parse(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }

        var parts = version.TrimStart('v', 'V').Split('.');
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }
}
