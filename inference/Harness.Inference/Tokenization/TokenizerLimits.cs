namespace Harness.Inference.Tokenization;

/// <summary>Bounds on what a tokenizer file may ask for, so a bad file fails with a message instead of exhausting memory.</summary>
internal static class TokenizerLimits
{
    /// <summary>The largest token id accepted; the largest real vocabularies are a few hundred thousand tokens.</summary>
    public const int MaxTokenId = (1 << 24) - 1;
}
