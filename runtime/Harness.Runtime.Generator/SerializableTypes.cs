using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>
/// The one list of the types the runtime serializes without generated code. It mirrors
/// runtime/Harness.Runtime/Serialization/BuiltInCodecs.cs (the built-in codecs) and CodecRegistry.cs (the codecs
/// composed at run time for enums, <c>Nullable&lt;T&gt;</c>, arrays, lists, dictionaries and key/value pairs):
/// change them together.
/// </summary>
internal static class SerializableTypes
{
    private const string CollectionsNamespace = "System.Collections.Generic";

    /// <summary>Built-in codecs of the special types (BuiltInCodecs.cs).</summary>
    private static readonly SpecialType[] BuiltInSpecialTypes =
    [
        SpecialType.System_Boolean,
        SpecialType.System_Byte,
        SpecialType.System_SByte,
        SpecialType.System_Int16,
        SpecialType.System_UInt16,
        SpecialType.System_Char,
        SpecialType.System_Int32,
        SpecialType.System_UInt32,
        SpecialType.System_Int64,
        SpecialType.System_UInt64,
        SpecialType.System_Single,
        SpecialType.System_Double,
        SpecialType.System_Decimal,
        SpecialType.System_String,
    ];

    /// <summary>Built-in codecs of other named types (BuiltInCodecs.cs); <c>byte[]</c> is built in too, and composed anyway as an array.</summary>
    private static readonly (string Namespace, string Name)[] BuiltInNamedTypes =
    [
        ("System", "Guid"),
        ("System", "TimeSpan"),
        ("System", "DateTime"),
        ("System", "DateTimeOffset"),
        ("System", "Uri"),
        ("System.Threading", "CancellationToken"),
        (KnownTypes.RuntimeNamespace, "GrainId"),
        ("Harness.Runtime.CodeGeneration", "VoidResult"),
    ];

    /// <summary>Generic interfaces and classes composed as lists (CodecRegistry.ComposeGeneric), all of arity 1.</summary>
    private static readonly string[] ListTypes = ["List", "IList", "IReadOnlyList", "ICollection", "IReadOnlyCollection", "IEnumerable"];

    /// <summary>Generic interfaces and classes composed as dictionaries (CodecRegistry.ComposeGeneric), all of arity 2.</summary>
    private static readonly string[] DictionaryTypes = ["Dictionary", "IDictionary", "IReadOnlyDictionary"];

    /// <summary>Whether the runtime has a built-in codec for exactly this type.</summary>
    public static bool IsBuiltIn(INamedTypeSymbol type) =>
        Array.IndexOf(BuiltInSpecialTypes, type.SpecialType) >= 0
        || BuiltInNamedTypes.Any(t => KnownTypes.Is(type, t.Namespace, t.Name));

    /// <summary>The <c>T</c> of <c>Nullable&lt;T&gt;</c>, composed at run time.</summary>
    public static ITypeSymbol? NullableUnderlyingType(INamedTypeSymbol type) =>
        type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? type.TypeArguments[0] : null;

    /// <summary>The element type of a list-like type composed at run time.</summary>
    public static ITypeSymbol? ListElementType(INamedTypeSymbol type) =>
        ListTypes.Any(name => KnownTypes.Is(type, CollectionsNamespace, name, 1)) ? type.TypeArguments[0] : null;

    /// <summary>Whether the type is a dictionary type composed at run time (its type arguments are the key and value types).</summary>
    public static bool IsDictionary(INamedTypeSymbol type) =>
        DictionaryTypes.Any(name => KnownTypes.Is(type, CollectionsNamespace, name, 2));

    /// <summary>Whether the type is <c>KeyValuePair&lt;TKey, TValue&gt;</c>, composed at run time.</summary>
    public static bool IsKeyValuePair(INamedTypeSymbol type) => KnownTypes.Is(type, CollectionsNamespace, "KeyValuePair", 2);

    /// <summary>
    /// Whether the type comes from the framework (the same assembly-name rule the runtime uses when it scans
    /// referenced assemblies for generated code): no generator provides codecs for such types.
    /// </summary>
    public static bool IsFrameworkType(ITypeSymbol type)
    {
        var name = type.ContainingAssembly?.Name;
        return name is null
            || name == "mscorlib"
            || name == "netstandard"
            || name.StartsWith("System", StringComparison.Ordinal)
            || name.StartsWith("Microsoft", StringComparison.Ordinal);
    }

    /// <summary>Whether the type is a tuple (<c>ValueTuple</c> or <c>Tuple</c>), for a more specific hint.</summary>
    public static bool IsTuple(INamedTypeSymbol type) =>
        type.IsTupleType || KnownTypes.Is(type, "System", "Tuple", type.Arity) || KnownTypes.Is(type, "System", "ValueTuple", type.Arity);
}
