namespace Harness.Inference.Tokenization;

/// <summary>The rewrites a tokenizer applies to each section of the input before splitting it into words.</summary>
internal sealed class TextNormalizer
{
    private readonly TextRewrite[] _steps;

    public TextNormalizer(IEnumerable<TextRewrite> steps)
    {
        _steps = [.. steps];
    }

    public string Apply(string text, bool atInputStart)
    {
        foreach (var step in _steps)
        {
            text = step(text, atInputStart);
        }

        return text;
    }
}
