namespace Harness.Inference.Tokenization;

/// <summary>
/// A tokenizer's pre-tokenizer: the rewrites it makes to a section of the input (Metaspace's ▁, ByteLevel's prefix
/// space), then the splitters that cut the section into words, each applied to the pieces of the previous one.
/// </summary>
internal sealed class PreTokenizer
{
    private readonly TextNormalizer _rewrites;
    private readonly PreTokenSplitter[] _splitters;

    public PreTokenizer(IEnumerable<TextRewrite> rewrites, IEnumerable<PreTokenSplitter> splitters, bool isByteLevel, char? metaspace)
    {
        _rewrites = new TextNormalizer(rewrites);
        _splitters = [.. splitters];
        IsByteLevel = isByteLevel;
        Metaspace = metaspace;
    }

    /// <summary>Gets a value indicating whether words are encoded as bytes spelled in the GPT-2 alphabet.</summary>
    public bool IsByteLevel { get; }

    /// <summary>Gets the character a Metaspace pre-tokenizer writes for a space, if there is one.</summary>
    public char? Metaspace { get; }

    public string Rewrite(string text, bool atInputStart) => _rewrites.Apply(text, atInputStart);

    /// <summary>Fills <paramref name="words"/> with the words of <paramref name="text"/>.</summary>
    /// <param name="text">The rewritten section.</param>
    /// <param name="words">Receives the words as (start, length) in <paramref name="text"/>.</param>
    /// <param name="scratch">A list the method may clear and use.</param>
    public void Split(string text, List<(int Start, int Length)> words, List<(int Start, int Length)> scratch)
    {
        words.Clear();
        words.Add((0, text.Length));
        foreach (var splitter in _splitters)
        {
            scratch.Clear();
            foreach (var (start, length) in words)
            {
                splitter.Split(text, start, length, scratch);
            }

            words.Clear();
            words.AddRange(scratch);
        }
    }
}
