namespace Harness.Grains.Chains.Definitions;

/// <summary>Thrown when a chain document is rejected; <see cref="Problems"/> lists every problem found.</summary>
public sealed class ChainDefinitionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ChainDefinitionException"/> class.</summary>
    /// <param name="problems">Every problem found, each with the path of the offending field.</param>
    public ChainDefinitionException(IReadOnlyList<ChainDefinitionProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Initializes a new instance of the <see cref="ChainDefinitionException"/> class.</summary>
    public ChainDefinitionException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChainDefinitionException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ChainDefinitionException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Initializes a new instance of the <see cref="ChainDefinitionException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChainDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Gets every problem found, in document order where possible.</summary>
    public IReadOnlyList<ChainDefinitionProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ChainDefinitionProblem> problems) =>
        problems.Count switch
        {
            0 => "The chain definition is invalid.",
            1 => $"The chain definition is invalid: {problems[0]}",
            _ => $"The chain definition has {problems.Count} problems: " + string.Join("; ", problems),
        };
}
