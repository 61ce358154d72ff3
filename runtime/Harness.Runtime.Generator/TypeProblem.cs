namespace Harness.Runtime.Generator;

/// <summary>A type reached from a grain method's signature that cannot be serialized.</summary>
/// <param name="Path">Where it was reached, e.g. <c>ChainDefinition.Nodes[].Tool</c>.</param>
/// <param name="Type">The type, as C# error messages write it.</param>
/// <param name="Advice">Why, and what to do instead.</param>
internal sealed record TypeProblem(string Path, string Type, string Advice);
