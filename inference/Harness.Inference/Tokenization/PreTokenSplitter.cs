using System.Text.RegularExpressions;

namespace Harness.Inference.Tokenization;

/// <summary>Splits words further at the matches of a pattern.</summary>
internal sealed class PreTokenSplitter
{
    private readonly Regex _pattern;
    private readonly SplitBehavior _behavior;

    public PreTokenSplitter(Regex pattern, SplitBehavior behavior)
    {
        _pattern = pattern;
        _behavior = behavior;
    }

    /// <summary>Appends the pieces of the word <c>text[start..(start + length)]</c> to <paramref name="pieces"/>.</summary>
    public void Split(string text, int start, int length, List<(int Start, int Length)> pieces)
    {
        // Matching the slice alone keeps lookarounds from seeing neighbouring words, as in Hugging Face.
        var end = start + length;
        var previous = start;
        foreach (var match in _pattern.EnumerateMatches(text.AsSpan(start, length)))
        {
            if (match.Length == 0)
            {
                continue;
            }

            var matchStart = start + match.Index;
            var matchEnd = matchStart + match.Length;
            switch (_behavior)
            {
                case SplitBehavior.Isolated:
                    Add(pieces, previous, matchStart);
                    Add(pieces, matchStart, matchEnd);
                    previous = matchEnd;
                    break;
                case SplitBehavior.Removed:
                    Add(pieces, previous, matchStart);
                    previous = matchEnd;
                    break;
                case SplitBehavior.MergedWithPrevious:
                    Add(pieces, previous, matchEnd);
                    previous = matchEnd;
                    break;
                case SplitBehavior.MergedWithNext:
                    Add(pieces, previous, matchStart);
                    previous = matchStart;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown split behavior {_behavior}.");
            }
        }

        Add(pieces, previous, end);
    }

    private static void Add(List<(int Start, int Length)> pieces, int start, int end)
    {
        if (end > start)
        {
            pieces.Add((start, end - start));
        }
    }
}
