namespace Harness.Inference.Tokenization;

/// <summary>A tokenizer: text to token ids, token ids to the bytes they stand for.</summary>
public interface ITokenizer
{
    /// <summary>Gets the number of token ids; ids are 0 to <c>VocabularySize - 1</c>.</summary>
    int VocabularySize { get; }

    /// <summary>Gets the id of the begin-of-sequence token, or <see langword="null"/> when the vocabulary has none.</summary>
    int? BeginOfSequenceId { get; }

    /// <summary>Gets the id of the end-of-sequence token, or <see langword="null"/> when the vocabulary has none.</summary>
    int? EndOfSequenceId { get; }

    /// <summary>
    /// Appends the ids of <paramref name="text"/>. No special tokens are added, but special-token text in the input
    /// (such as <c>&lt;|endoftext|&gt;</c>) is matched to its id, like Hugging Face added tokens.
    /// </summary>
    /// <param name="text">The text to encode.</param>
    /// <param name="ids">The list the ids are appended to.</param>
    void Encode(string text, List<int> ids);

    /// <summary>Gets the UTF-8 bytes token <paramref name="id"/> stands for; empty for special and control tokens.</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The bytes; a token may hold part of a character, so decode a sequence with <see cref="Utf8TokenDecoder"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside the vocabulary.</exception>
    ReadOnlySpan<byte> GetTokenBytes(int id);

    /// <summary>Tells whether token <paramref name="id"/> is a special or control token (begin/end of sequence, padding...).</summary>
    /// <param name="id">The token id.</param>
    /// <returns><see langword="true"/> for special tokens.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside the vocabulary.</exception>
    bool IsSpecial(int id);
}
