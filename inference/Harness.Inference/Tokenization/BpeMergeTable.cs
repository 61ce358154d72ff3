namespace Harness.Inference.Tokenization;

/// <summary>The merges of a BPE model, ranked by order, and the algorithm that applies them to a word.</summary>
internal sealed class BpeMergeTable
{
    private const int Removed = -1;

    private readonly Dictionary<long, (int Rank, int MergedId)> _rules;

    public BpeMergeTable(int capacity)
    {
        _rules = new Dictionary<long, (int Rank, int MergedId)>(capacity);
    }

    public int Count => _rules.Count;

    /// <summary>Adds the next merge, ranked after those already added.</summary>
    /// <returns><see langword="false"/> when the pair already has a merge; the first one keeps its rank.</returns>
    public bool TryAdd(int left, int right, int mergedId) => _rules.TryAdd(Key(left, right), (_rules.Count, mergedId));

    /// <summary>
    /// Merges <paramref name="symbols"/> in place: the adjacent pair with the lowest-ranked merge, leftmost first,
    /// until no pair has one.
    /// </summary>
    /// <returns>The number of symbols left at the start of <paramref name="symbols"/>.</returns>
    public int Apply(Span<int> symbols)
    {
        var count = symbols.Length;
        if (count < 2 || _rules.Count == 0)
        {
            return count;
        }

        // A doubly linked list over the symbols and a queue of candidate merges keyed by (rank, position) keep long
        // words (SentencePiece models may not pre-tokenize at all) at O(n log n).
        var previous = new int[count];
        var next = new int[count];
        var queue = new PriorityQueue<int, long>();
        for (var i = 0; i < count; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            if (i + 1 < count)
            {
                Enqueue(queue, symbols, i, i + 1);
            }
        }

        while (queue.TryDequeue(out var position, out var priority))
        {
            var right = next[position];
            if (symbols[position] == Removed || right < 0
                || !_rules.TryGetValue(Key(symbols[position], symbols[right]), out var rule)
                || rule.Rank != (int)(priority >> 32))
            {
                // A stale candidate: one of its symbols was merged since it was queued.
                continue;
            }

            symbols[position] = rule.MergedId;
            symbols[right] = Removed;
            next[position] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = position;
            }

            if (previous[position] >= 0)
            {
                Enqueue(queue, symbols, previous[position], position);
            }

            if (next[position] >= 0)
            {
                Enqueue(queue, symbols, position, next[position]);
            }
        }

        var written = 0;
        for (var i = 0; i >= 0; i = next[i])
        {
            symbols[written++] = symbols[i];
        }

        return written;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private void Enqueue(PriorityQueue<int, long> queue, Span<int> symbols, int left, int right)
    {
        if (_rules.TryGetValue(Key(symbols[left], symbols[right]), out var rule))
        {
            queue.Enqueue(left, ((long)rule.Rank << 32) | (uint)left);
        }
    }
}
