using Harness.Inference.Tokenization;

namespace Harness.Inference.Tests.Tokenization;

/// <summary>A tokenizer trained once on a small English corpus, shared by tests.</summary>
internal static class TrainedTokenizer
{
    public const string Corpus = """
        The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs into the forest.
        In the morning the farmer feeds the animals, and the animals eat their breakfast in the barn.
        Tokenizers split text into tokens, and the model reads the tokens one after another.
        The weather is fine today, so the children play outside in the garden until the evening.
        """;

    public static readonly string Json = BpeTrainer.Train(Corpus, 400);
}
