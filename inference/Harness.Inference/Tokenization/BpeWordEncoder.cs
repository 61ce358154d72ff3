using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>
/// Encodes one pre-tokenized word with a BPE model: the word's initial symbols (its bytes in the GPT-2 alphabet for
/// byte-level models; its characters, or their <c>&lt;0xNN&gt;</c> byte tokens, for SentencePiece-style ones), then the
/// merges. Results are cached per word; the methods are thread-safe.
/// </summary>
internal sealed class BpeWordEncoder
{
    // Long words are rare and would crowd the cache; SentencePiece models without a pre-tokenizer see whole sections.
    private const int MaxCachedWordLength = 64;
    private const int MaxCacheEntries = 65_536;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocab;
    private readonly BpeMergeTable _merges;
    private readonly bool _byteLevel;
    private readonly int[] _byteIds;
    private readonly bool _byteFallback;
    private readonly int? _unknownId;
    private readonly bool _fuseUnknown;
    private readonly bool _ignoreMerges;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private readonly Lock _cacheLock = new();

    /// <param name="vocab">The model's vocabulary, with an ordinal comparer.</param>
    /// <param name="merges">The model's merges.</param>
    /// <param name="byteLevel">Whether the model is byte-level (GPT-2 alphabet).</param>
    /// <param name="byteFallback">Whether characters outside the vocabulary become <c>&lt;0xNN&gt;</c> tokens.</param>
    /// <param name="unknownId">The id unknown symbols become, or <see langword="null"/> to drop them as Hugging Face does.</param>
    /// <param name="fuseUnknown">Whether consecutive unknown symbols become one.</param>
    /// <param name="ignoreMerges">Whether a word found whole in the vocabulary skips the merges.</param>
    public BpeWordEncoder(
        Dictionary<string, int> vocab,
        BpeMergeTable merges,
        bool byteLevel,
        bool byteFallback,
        int? unknownId,
        bool fuseUnknown,
        bool ignoreMerges)
    {
        _vocab = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _merges = merges;
        _byteLevel = byteLevel;
        _byteFallback = byteFallback;
        _unknownId = unknownId;
        _fuseUnknown = fuseUnknown;
        _ignoreMerges = ignoreMerges;
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _byteIds = new int[256];
        Span<char> name = stackalloc char[6];
        for (var b = 0; b < 256; b++)
        {
            var found = byteLevel
                ? _vocab.TryGetValue([ByteLevelAlphabet.ToChar((byte)b)], out var id)
                : _vocab.TryGetValue(ByteTokenName((byte)b, name), out id);
            _byteIds[b] = found ? id : -1;
        }
    }

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> word, List<int> ids)
    {
        if (word.IsEmpty)
        {
            return;
        }

        var cacheable = word.Length <= MaxCachedWordLength;
        if (cacheable)
        {
            lock (_cacheLock)
            {
                if (_cacheLookup.TryGetValue(word, out var cached))
                {
                    ids.AddRange(cached);
                    return;
                }
            }
        }

        var result = _byteLevel ? EncodeBytes(word) : EncodeCharacters(word);
        if (cacheable)
        {
            lock (_cacheLock)
            {
                if (_cache.Count >= MaxCacheEntries)
                {
                    _cache.Clear();
                }

                _cacheLookup[word] = result;
            }
        }

        ids.AddRange(result);
    }

    /// <summary>Writes <c>&lt;0xNN&gt;</c>, the SentencePiece name of byte <paramref name="value"/>.</summary>
    internal static ReadOnlySpan<char> ByteTokenName(byte value, Span<char> buffer)
    {
        const string Hex = "0123456789ABCDEF";
        "<0x".CopyTo(buffer);
        buffer[3] = Hex[value >> 4];
        buffer[4] = Hex[value & 0xF];
        buffer[5] = '>';
        return buffer[..6];
    }

    private int[] EncodeBytes(ReadOnlySpan<char> word)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(word)];
        Encoding.UTF8.GetBytes(word, bytes);
        if (_ignoreMerges)
        {
            Span<char> spelled = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
            ByteLevelAlphabet.Spell(bytes, spelled);
            if (_vocab.TryGetValue(spelled, out var whole))
            {
                return [whole];
            }
        }

        var symbols = new int[bytes.Length];
        var count = 0;
        var afterUnknown = false;
        foreach (var b in bytes)
        {
            if (_byteIds[b] >= 0)
            {
                symbols[count++] = _byteIds[b];
                afterUnknown = false;
            }
            else
            {
                AddUnknown(symbols, ref count, ref afterUnknown);
            }
        }

        return Merge(symbols, count);
    }

    private int[] EncodeCharacters(ReadOnlySpan<char> word)
    {
        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            return [whole];
        }

        // A character yields at most one symbol per UTF-8 byte.
        var symbols = new int[Encoding.UTF8.GetMaxByteCount(word.Length)];
        var count = 0;
        var afterUnknown = false;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < word.Length;)
        {
            Rune.DecodeFromUtf16(word[i..], out var rune, out var consumed);
            if (_vocab.TryGetValue(word.Slice(i, consumed), out var id))
            {
                symbols[count++] = id;
                afterUnknown = false;
            }
            else if (_byteFallback && TryAddByteTokens(rune, utf8, symbols, ref count))
            {
                afterUnknown = false;
            }
            else
            {
                AddUnknown(symbols, ref count, ref afterUnknown);
            }

            i += consumed;
        }

        return Merge(symbols, count);
    }

    private bool TryAddByteTokens(Rune rune, Span<byte> utf8, int[] symbols, ref int count)
    {
        var length = rune.EncodeToUtf8(utf8);
        for (var i = 0; i < length; i++)
        {
            if (_byteIds[utf8[i]] < 0)
            {
                return false;
            }
        }

        for (var i = 0; i < length; i++)
        {
            symbols[count++] = _byteIds[utf8[i]];
        }

        return true;
    }

    private void AddUnknown(int[] symbols, ref int count, ref bool afterUnknown)
    {
        if (_unknownId is not { } unknown || (_fuseUnknown && afterUnknown))
        {
            return;
        }

        symbols[count++] = unknown;
        afterUnknown = true;
    }

    private int[] Merge(int[] symbols, int count)
    {
        count = _merges.Apply(symbols.AsSpan(0, count));
        return symbols.AsSpan(0, count).ToArray();
    }
}
