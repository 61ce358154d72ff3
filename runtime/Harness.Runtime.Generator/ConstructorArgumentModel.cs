namespace Harness.Runtime.Generator;

/// <summary>One grain constructor parameter and how the generated factory supplies it.</summary>
/// <param name="ParameterName">The parameter's name (unescaped; for the persistent-state descriptor).</param>
/// <param name="Type">
/// For a service, the fully qualified service type; for a persistent state, the fully qualified state type
/// (the <c>T</c> of <c>IPersistentState&lt;T&gt;</c>).
/// </param>
/// <param name="StateName">The persistent state's name; null for a service.</param>
/// <param name="StorageName">The persistent state's storage provider; null for the default one.</param>
internal sealed record ConstructorArgumentModel(string ParameterName, string Type, string? StateName, string? StorageName)
{
    public bool IsPersistentState => StateName is not null;
}
