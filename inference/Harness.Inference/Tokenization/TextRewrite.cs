namespace Harness.Inference.Tokenization;

/// <summary>One step of a normalizer or pre-tokenizer that rewrites a section of the input.</summary>
/// <param name="text">The section: input text between added tokens, as rewritten by the previous steps.</param>
/// <param name="atInputStart">Whether the section starts the input (Metaspace's <c>prepend_scheme: first</c>).</param>
/// <returns>The rewritten section.</returns>
internal delegate string TextRewrite(string text, bool atInputStart);
