namespace Harness.Runtime.Generator;

/// <summary>A type declared in this compilation that gets a generated codec.</summary>
/// <param name="FullName">The readable full name without nullable annotations: identifies the type (one codec per runtime type) and names the codec.</param>
/// <param name="GlobalName">The fully qualified type, without a top-level nullable annotation.</param>
/// <param name="IsReferenceType">Whether values can be null (a presence byte is written first).</param>
/// <param name="ChecksRuntimeType">Whether the type can have derived types (a non-sealed class): those are refused at write time.</param>
/// <param name="Properties">The serialized properties, in declaration order (base class properties first).</param>
/// <param name="ConstructorArguments">
/// For each parameter of the constructor used to read values, the index in <paramref name="Properties"/> of the
/// property it restores; empty when the parameterless constructor is used.
/// </param>
internal sealed record CodecModel(
    string FullName,
    string GlobalName,
    bool IsReferenceType,
    bool ChecksRuntimeType,
    EquatableArray<CodecPropertyModel> Properties,
    EquatableArray<int> ConstructorArguments);
