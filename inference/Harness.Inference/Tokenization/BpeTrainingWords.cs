using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>
/// The distinct words of a training corpus, each as its current symbols and its count, with the count of every
/// adjacent pair, the words each pair occurs in, and a queue to pick the best pair from.
/// </summary>
internal sealed class BpeTrainingWords
{
    private readonly List<string> _tokens;
    private readonly List<int[]> _symbols = [];
    private readonly List<int> _lengths = [];
    private readonly List<int> _counts = [];
    private readonly Dictionary<long, int> _pairs = [];

    // Both may hold stale entries (a word that no longer has the pair, an old count); they are checked when used.
    private readonly Dictionary<long, List<int>> _wordsWithPair = [];
    private readonly PriorityQueue<long, (int Count, long Pair)> _queue;

    private BpeTrainingWords(List<string> tokens)
    {
        _tokens = tokens;
        _queue = new PriorityQueue<long, (int Count, long Pair)>(Comparer<(int Count, long Pair)>.Create(CompareCandidates));
    }

    /// <summary>Splits <paramref name="corpus"/> as the ByteLevel pre-tokenizer would and counts the words.</summary>
    /// <param name="corpus">The training text.</param>
    /// <param name="addedTokens">Texts left out of training, since encoding matches them whole.</param>
    /// <param name="tokens">The tokens by id, spelled in the GPT-2 alphabet; ids 0 to 255 are the bytes.</param>
    public static BpeTrainingWords Count(string corpus, string[] addedTokens, List<string> tokens)
    {
        var splitter = new PreTokenSplitter(Gpt2Pattern.Instance(), SplitBehavior.Isolated);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var pieces = new List<(int Start, int Length)>();
        foreach (var part in corpus.Split(addedTokens, StringSplitOptions.None))
        {
            pieces.Clear();
            splitter.Split(part, 0, part.Length, pieces);
            foreach (var (start, length) in pieces)
            {
                var word = part.Substring(start, length);
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        var words = new BpeTrainingWords(tokens);
        foreach (var (word, count) in counts)
        {
            words._symbols.Add(Array.ConvertAll(Encoding.UTF8.GetBytes(word), b => (int)b));
            words._lengths.Add(words._symbols[^1].Length);
            words._counts.Add(count);
            words.CountPairs(words._symbols.Count - 1, +1);
        }

        return words;
    }

    /// <summary>Picks the most frequent pair, the ordinally smallest (left, then right) of equally frequent ones.</summary>
    public bool TryPickPair(out int left, out int right)
    {
        while (_queue.TryDequeue(out var pair, out var candidate))
        {
            if (_pairs.GetValueOrDefault(pair) == candidate.Count)
            {
                left = (int)(pair >> 32);
                right = (int)pair;
                return true;
            }
        }

        left = right = -1;
        return false;
    }

    /// <summary>Replaces every occurrence of (left, right), left to right, with <paramref name="merged"/>.</summary>
    public void Merge(int left, int right, int merged)
    {
        var pair = Key(left, right);
        if (!_wordsWithPair.Remove(pair, out var candidates))
        {
            return;
        }

        foreach (var w in candidates)
        {
            var symbols = _symbols[w];
            var length = _lengths[w];
            if (!Contains(symbols.AsSpan(0, length), left, right))
            {
                continue;
            }

            CountPairs(w, -1);
            var written = 0;
            for (var i = 0; i < length;)
            {
                if (i + 1 < length && symbols[i] == left && symbols[i + 1] == right)
                {
                    symbols[written++] = merged;
                    i += 2;
                }
                else
                {
                    symbols[written++] = symbols[i++];
                }
            }

            _lengths[w] = written;
            CountPairs(w, +1);
        }
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static bool Contains(ReadOnlySpan<int> symbols, int left, int right)
    {
        for (var i = 0; i + 1 < symbols.Length; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                return true;
            }
        }

        return false;
    }

    private int CompareCandidates((int Count, long Pair) a, (int Count, long Pair) b)
    {
        if (a.Count != b.Count)
        {
            return b.Count.CompareTo(a.Count);
        }

        var byLeft = string.CompareOrdinal(_tokens[(int)(a.Pair >> 32)], _tokens[(int)(b.Pair >> 32)]);
        return byLeft != 0 ? byLeft : string.CompareOrdinal(_tokens[(int)a.Pair], _tokens[(int)b.Pair]);
    }

    private void CountPairs(int word, int sign)
    {
        var symbols = _symbols[word];
        var weight = sign * _counts[word];
        for (var i = 0; i + 1 < _lengths[word]; i++)
        {
            var pair = Key(symbols[i], symbols[i + 1]);
            var count = _pairs.GetValueOrDefault(pair) + weight;
            if (count == 0)
            {
                _pairs.Remove(pair);
                continue;
            }

            _pairs[pair] = count;
            _queue.Enqueue(pair, (count, pair));
            if (sign > 0)
            {
                if (!_wordsWithPair.TryGetValue(pair, out var words))
                {
                    words = [];
                    _wordsWithPair.Add(pair, words);
                }

                words.Add(word);
            }
        }
    }
}
