namespace Harness.Inference.Tokenization;

/// <summary>What a splitter does with the text a pattern matches (Hugging Face <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Each match is a word of its own.</summary>
    Isolated,

    /// <summary>Matches are dropped.</summary>
    Removed,

    /// <summary>Each match ends the word before it.</summary>
    MergedWithPrevious,

    /// <summary>Each match starts the word after it.</summary>
    MergedWithNext,
}
