namespace Harness.Runtime.Generator;

/// <summary>A grain class the registration constructs.</summary>
/// <param name="FullName">The readable full name, for ordering.</param>
/// <param name="GlobalName">The fully qualified class.</param>
/// <param name="Arguments">The chosen constructor's parameters, in order.</param>
internal sealed record GrainClassModel(string FullName, string GlobalName, EquatableArray<ConstructorArgumentModel> Arguments);
