using System.Text;

namespace Harness.Inference.Tokenization;

/// <summary>
/// A BPE tokenizer read from a Hugging Face <c>tokenizer.json</c>: byte-level models (GPT-2, Llama 3, Qwen) and
/// SentencePiece-style models with byte fallback (Llama 2, Mistral, TinyLlama). Added tokens are matched whole in the
/// input before normalization; the post-processor is ignored, so <see cref="Encode"/> adds no special tokens.
/// Encoding is thread-safe.
/// </summary>
/// <remarks>
/// <see cref="BeginOfSequenceId"/> and <see cref="EndOfSequenceId"/> are the first special added token named
/// <c>&lt;|bos|&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;|begin_of_text|&gt;</c> or
/// <c>&lt;|startoftext|&gt;</c>, and <c>&lt;|eos|&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;eos&gt;</c>,
/// <c>&lt;|end_of_text|&gt;</c> or <c>&lt;|endoftext|&gt;</c>; <see cref="TokenizerLoader"/> lets the model folder's
/// configuration override them.
/// </remarks>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly TokenTable _tokens;
    private readonly AddedTokenMatcher _addedTokens;
    private readonly IReadOnlyDictionary<string, int> _tokenIds;
    private readonly TextNormalizer _normalizer;
    private readonly PreTokenizer _preTokenizer;
    private readonly BpeWordEncoder _words;

    internal BpeTokenizer(
        TokenTable tokens,
        AddedTokenMatcher addedTokens,
        IReadOnlyDictionary<string, int> tokenIds,
        TextNormalizer normalizer,
        PreTokenizer preTokenizer,
        BpeWordEncoder words,
        bool stripsLeadingSpace,
        int? beginOfSequenceId,
        int? endOfSequenceId)
    {
        _tokens = tokens;
        _addedTokens = addedTokens;
        _tokenIds = tokenIds;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _words = words;
        StripsLeadingSpace = stripsLeadingSpace;
        BeginOfSequenceId = beginOfSequenceId;
        EndOfSequenceId = endOfSequenceId;
    }

    /// <inheritdoc/>
    public int VocabularySize => _tokens.Count;

    /// <inheritdoc/>
    public int? BeginOfSequenceId { get; }

    /// <inheritdoc/>
    public int? EndOfSequenceId { get; }

    /// <summary>
    /// Gets a value indicating whether the tokenizer's decoder drops one leading space of the decoded text (a
    /// <c>Strip</c> decoder, or a <c>Metaspace</c> decoder that prepends ▁), undoing the ▁ the normalizer put before
    /// the input. <see cref="GetTokenBytes"/> keeps that space, so text decoded from the start of a sequence (such as
    /// the generated tokens) equals Hugging Face's decode when one leading space is dropped from its first byte;
    /// <see cref="Utf8TokenDecoder.Create(ITokenizer)"/> does that.
    /// </summary>
    public bool StripsLeadingSpace { get; }

    /// <summary>Reads a <c>tokenizer.json</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="TokenizerFormatException">The file is not a supported tokenizer; the message names the field.</exception>
    public static BpeTokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return TokenizerJsonReader.Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads the UTF-8 text of a <c>tokenizer.json</c> document.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="TokenizerFormatException">The document is not a supported tokenizer; the message names the field.</exception>
    public static BpeTokenizer Parse(ReadOnlySpan<byte> json) => TokenizerJsonReader.Read(json.ToArray(), "tokenizer.json");

    /// <summary>Reads a <c>tokenizer.json</c> document.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="TokenizerFormatException">The document is not a supported tokenizer; the message names the field.</exception>
    public static BpeTokenizer Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TokenizerJsonReader.Read(Encoding.UTF8.GetBytes(json), "tokenizer.json");
    }

    /// <inheritdoc/>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        var words = new List<(int Start, int Length)>();
        var scratch = new List<(int Start, int Length)>();
        var position = 0;
        while (position < text.Length)
        {
            var match = _addedTokens.FindNext(text, position, out var added);
            var end = match < 0 ? text.Length : match;
            if (end > position)
            {
                var section = position == 0 && end == text.Length ? text : text[position..end];
                EncodeSection(section, position == 0, ids, words, scratch);
            }

            if (match < 0)
            {
                break;
            }

            ids.Add(added.Id);
            position = match + added.Content.Length;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> GetTokenBytes(int id) => _tokens.GetBytes(id);

    /// <inheritdoc/>
    public bool IsSpecial(int id) => _tokens.IsSpecial(id);

    /// <summary>Finds a token by its text: an added token's content or a vocabulary entry as the file spells it.</summary>
    internal bool TryGetTokenId(string content, out int id) => _tokenIds.TryGetValue(content, out id);

    /// <summary>Returns a tokenizer sharing this one's tables with other begin/end-of-sequence ids.</summary>
    internal BpeTokenizer WithSequenceIds(int? beginOfSequenceId, int? endOfSequenceId) =>
        new(_tokens, _addedTokens, _tokenIds, _normalizer, _preTokenizer, _words, StripsLeadingSpace, beginOfSequenceId, endOfSequenceId);

    private void EncodeSection(
        string section,
        bool atInputStart,
        List<int> ids,
        List<(int Start, int Length)> words,
        List<(int Start, int Length)> scratch)
    {
        var text = _preTokenizer.Rewrite(_normalizer.Apply(section, atInputStart), atInputStart);
        if (text.Length == 0)
        {
            return;
        }

        _preTokenizer.Split(text, words, scratch);
        foreach (var (start, length) in words)
        {
            _words.Encode(text.AsSpan(start, length), ids);
        }
    }
}
