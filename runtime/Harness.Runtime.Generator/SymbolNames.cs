using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Harness.Runtime.Generator;

/// <summary>Formats symbols and names the way the generated code writes them.</summary>
internal static class SymbolNames
{
    /// <summary>Fully qualified (<c>global::</c>), keywords escaped, nullable reference annotations kept.</summary>
    public static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Readable full name without <c>global::</c>, for strings and messages.</summary>
    public static readonly SymbolDisplayFormat ReadableFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Qualified(ITypeSymbol type) => type.ToDisplayString(QualifiedFormat);

    public static string Readable(ISymbol symbol) => symbol.ToDisplayString(ReadableFormat);

    /// <summary>Escapes a name that is a C# keyword (<c>class</c> becomes <c>@class</c>).</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Turns any text into a valid C# identifier: other characters become underscores.</summary>
    public static string ToIdentifier(string? text)
    {
        if (text is null || text.Length == 0)
        {
            return "_";
        }

        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        if (!SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var identifier = builder.ToString();
        return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "_" + identifier : identifier;
    }

    /// <summary>Formats a string as a C# literal (quoted and escaped), or <c>null</c>.</summary>
    public static string Literal(string? value) =>
        value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);
}
