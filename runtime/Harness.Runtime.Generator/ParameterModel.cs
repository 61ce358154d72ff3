namespace Harness.Runtime.Generator;

/// <summary>A grain method parameter.</summary>
/// <param name="Name">The parameter name as a C# identifier (keywords @-escaped).</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
internal sealed record ParameterModel(string Name, string Type);
