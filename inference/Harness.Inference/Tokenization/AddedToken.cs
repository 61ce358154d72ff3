namespace Harness.Inference.Tokenization;

/// <summary>A token matched whole in the input text before pre-tokenization (Hugging Face <c>added_tokens</c>).</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text that stands for the token.</param>
/// <param name="Special">Whether it is a special/control token (decodes to no bytes).</param>
internal readonly record struct AddedToken(int Id, string Content, bool Special);
