using System.Reflection;
using Harness.Inference.Tokenization;

namespace Harness.Inference.Models;

/// <summary>
/// The project's built-in demo models: small Llama-style models with random weights from a fixed seed and a byte-level
/// BPE tokenizer trained on a short embedded corpus of kitchen and agent text, so the text they produce is made of
/// real English word pieces (in no meaningful order: the weights are not trained).
/// </summary>
public static class TinyModels
{
    /// <summary>The tokenizer's vocabulary size: 256 bytes, the merges, and two special tokens.</summary>
    public const int VocabularySize = 768;

    /// <summary>Returns the spec of the text demo model.</summary>
    /// <param name="seed">The weights' seed.</param>
    /// <returns>The spec.</returns>
    public static TinyModelSpec Text(long seed = 42) => WithTokenizer(new TinyModelSpec { Seed = seed });

    /// <summary>Returns the spec of the vision-language demo model (32×32 images in 8×8 patches).</summary>
    /// <param name="seed">The weights' seed.</param>
    /// <returns>The spec.</returns>
    public static TinyModelSpec Vision(long seed = 43) =>
        WithTokenizer(new TinyModelSpec { Seed = seed, Vision = new VisionConfig { ImageSize = 32, PatchSize = 8 } });

    private static TinyModelSpec WithTokenizer(TinyModelSpec spec)
    {
        var json = BpeTrainer.Train(ReadCorpus(), VocabularySize);
        var tokenizer = BpeTokenizer.Parse(json);

        // The trainer puts <|bos|> and <|eos|> last; a small corpus may give fewer merges than asked.
        return spec with
        {
            Tokenizer = json,
            VocabularySize = tokenizer.VocabularySize,
            BeginOfSequenceId = tokenizer.BeginOfSequenceId ?? throw new InvalidOperationException("The trained tokenizer has no <|bos|>."),
            EndOfSequenceId = tokenizer.EndOfSequenceId ?? throw new InvalidOperationException("The trained tokenizer has no <|eos|>."),
        };
    }

    private static string ReadCorpus()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Harness.Inference.Models.tiny-model-corpus.txt")
            ?? throw new InvalidOperationException("The tiny model corpus is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
