using System.Linq;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>Recognizes the runtime's and the BCL's types by name, without a compilation at hand.</summary>
internal static class KnownTypes
{
    public const string RuntimeNamespace = "Harness.Runtime";
    public const string StorageNamespace = "Harness.Runtime.Storage";
    public const string TasksNamespace = "System.Threading.Tasks";
    public const string RequestMetadataName = "Harness.Runtime.CodeGeneration.Request";

    /// <summary>Whether <paramref name="type"/> is the top-level type <paramref name="ns"/>.<paramref name="name"/> (of the given generic arity).</summary>
    public static bool Is(ITypeSymbol? type, string ns, string name, int arity = 0) =>
        type is INamedTypeSymbol named
        && named.Arity == arity
        && named.Name == name
        && named.ContainingType is null
        && IsNamespace(named.ContainingNamespace, ns);

    /// <summary>Whether the type is <c>Harness.Runtime.IGrain</c>.</summary>
    public static bool IsGrainMarker(ITypeSymbol? type) => Is(type, RuntimeNamespace, "IGrain");

    /// <summary>Whether the type is one of the interfaces a grain interface derives from but that need no proxy of their own.</summary>
    public static bool IsRuntimeGrainBase(ITypeSymbol? type) =>
        Is(type, RuntimeNamespace, "IAddressable")
        || Is(type, RuntimeNamespace, "IGrain")
        || Is(type, RuntimeNamespace, "IGrainWithStringKey")
        || Is(type, RuntimeNamespace, "IGrainWithGuidKey")
        || Is(type, RuntimeNamespace, "IGrainWithIntegerKey");

    /// <summary>Whether <paramref name="type"/> is an interface that derives from <c>IGrain</c> (other than the runtime's own markers).</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface
        && !IsRuntimeGrainBase(type)
        && type.AllInterfaces.Any(IsGrainMarker);

    /// <summary>Whether <paramref name="type"/> derives, directly or not, from <c>Harness.Runtime.Grain</c>.</summary>
    public static bool DerivesFromGrain(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (Is(current, RuntimeNamespace, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasAttribute(ISymbol symbol, string ns, string name) =>
        FindAttribute(symbol, ns, name) is not null;

    public static AttributeData? FindAttribute(ISymbol symbol, string ns, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, ns, name))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Whether the type or any type containing it has type parameters.</summary>
    public static bool IsOrIsNestedInGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most restrictive accessibility among the type and its containing types, when code elsewhere in the assembly cannot reach it.</summary>
    public static string? InaccessibleReason(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                return current.Equals(type, SymbolEqualityComparer.Default) ? "file-local" : $"nested in file-local type '{SymbolNames.Readable(current)}'";
            }

            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return current.Equals(type, SymbolEqualityComparer.Default) ? "private" : $"nested in private type '{SymbolNames.Readable(current)}'";
                case Accessibility.Protected:
                case Accessibility.ProtectedAndInternal:
                    return current.Equals(type, SymbolEqualityComparer.Default) ? "protected" : $"nested in protected type '{SymbolNames.Readable(current)}'";
                default:
                    break;
            }
        }

        return null;
    }

    private static bool IsNamespace(INamespaceSymbol? symbol, string ns)
    {
        var end = ns.Length;
        var current = symbol;
        while (current is not null && !current.IsGlobalNamespace)
        {
            var start = ns.LastIndexOf('.', end - 1) + 1;
            var segmentLength = end - start;
            if (segmentLength != current.Name.Length || string.CompareOrdinal(ns, start, current.Name, 0, segmentLength) != 0)
            {
                return false;
            }

            current = current.ContainingNamespace;
            end = start - 1;
            if (end < 0)
            {
                return current is null || current.IsGlobalNamespace;
            }
        }

        return false;
    }
}
