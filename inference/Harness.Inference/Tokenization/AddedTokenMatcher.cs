using System.Buffers;

namespace Harness.Inference.Tokenization;

/// <summary>Finds added tokens in text: the leftmost match, and the longest one there.</summary>
internal sealed class AddedTokenMatcher
{
    private readonly SearchValues<char> _firstChars;
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        var groups = new Dictionary<char, List<AddedToken>>();
        foreach (var token in tokens)
        {
            if (!groups.TryGetValue(token.Content[0], out var group))
            {
                group = [];
                groups.Add(token.Content[0], group);
            }

            group.Add(token);
        }

        _byFirstChar = new Dictionary<char, AddedToken[]>(groups.Count);
        foreach (var (first, group) in groups)
        {
            // Longest first, so the first candidate that matches is the longest match.
            group.Sort((a, b) => b.Content.Length.CompareTo(a.Content.Length));
            _byFirstChar.Add(first, [.. group]);
        }

        _firstChars = SearchValues.Create([.. groups.Keys]);
    }

    /// <summary>Finds the first added token at or after <paramref name="start"/>.</summary>
    /// <returns>Its index in <paramref name="text"/>, or -1 when there is none.</returns>
    public int FindNext(string text, int start, out AddedToken token)
    {
        var position = start;
        while (position < text.Length)
        {
            var offset = text.AsSpan(position).IndexOfAny(_firstChars);
            if (offset < 0)
            {
                break;
            }

            position += offset;
            var rest = text.AsSpan(position);
            foreach (var candidate in _byFirstChar[text[position]])
            {
                if (rest.StartsWith(candidate.Content, StringComparison.Ordinal))
                {
                    token = candidate;
                    return position;
                }
            }

            position++;
        }

        token = default;
        return -1;
    }
}
