namespace Harness.Inference.Tokenization;

/// <summary>Loads the tokenizer of a model folder.</summary>
/// <remarks>
/// A folder with <c>tokenizer.json</c> gets a <see cref="BpeTokenizer"/>; one without gets a
/// <see cref="ByteTokenizer"/>, and its configuration files are not read. The begin/end-of-sequence ids are chosen per
/// id, first match wins: <c>config.json</c>'s <c>bos_token_id</c>/<c>eos_token_id</c> (the first one when it is a
/// list); else <c>tokenizer_config.json</c>'s <c>bos_token</c>/<c>eos_token</c> (a token text, or an object with a
/// <c>content</c>), looked up in the tokenizer; else the special added token with a well-known name (see
/// <see cref="BpeTokenizer"/>). A field that is absent or null does not decide.
/// </remarks>
public static class TokenizerLoader
{
    /// <summary>The name of the Hugging Face tokenizer file in a model folder.</summary>
    public const string TokenizerFileName = "tokenizer.json";

    /// <summary>Loads the tokenizer of <paramref name="modelDirectory"/>.</summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="TokenizerFormatException">A tokenizer or configuration file is invalid; the message names it and the field.</exception>
    public static ITokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"The model folder '{modelDirectory}' does not exist.");
        }

        var tokenizerPath = Path.Combine(modelDirectory, TokenizerFileName);
        if (!File.Exists(tokenizerPath))
        {
            return new ByteTokenizer();
        }

        var tokenizer = BpeTokenizer.Load(tokenizerPath);
        var begin = tokenizer.BeginOfSequenceId;
        var end = tokenizer.EndOfSequenceId;
        SequenceIdConfig.ApplyTokenizerConfig(Path.Combine(modelDirectory, "tokenizer_config.json"), tokenizer, ref begin, ref end);
        SequenceIdConfig.ApplyModelConfig(Path.Combine(modelDirectory, "config.json"), tokenizer.VocabularySize, ref begin, ref end);
        return begin == tokenizer.BeginOfSequenceId && end == tokenizer.EndOfSequenceId
            ? tokenizer
            : tokenizer.WithSequenceIds(begin, end);
    }
}
