using System.Text.RegularExpressions;

namespace Harness.Inference.Tokenization;

/// <summary>GPT-2's pre-tokenization pattern, used by a ByteLevel pre-tokenizer with <c>use_regex</c>.</summary>
internal static partial class Gpt2Pattern
{
    public const string Text = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Text, RegexOptions.CultureInvariant)]
    public static partial Regex Instance();
}
