namespace Harness.Runtime.Generator;

/// <summary>What parsing one declaration produced: a model to emit (null when it cannot be supported) and diagnostics.</summary>
/// <typeparam name="TModel">The model type.</typeparam>
internal sealed record ParseResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
    where TModel : class;
