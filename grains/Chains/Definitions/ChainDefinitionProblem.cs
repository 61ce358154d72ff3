namespace Harness.Grains.Chains.Definitions;

/// <summary>One problem in a chain document.</summary>
/// <param name="Path">The JSON path of the offending field, e.g. <c>$.nodes[2].retry.attempts</c>.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record ChainDefinitionProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
