using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>
/// Wire ids of grain methods. The id is the 32-bit FNV-1a hash of the UTF-8 bytes of the method's signature string
/// <c>&lt;interface&gt;.&lt;method&gt;(&lt;parameter type&gt;,&lt;parameter type&gt;,...)</c>, where the interface and the
/// parameter types are fully qualified display strings without <c>global::</c> and without nullable reference
/// annotations (special types by keyword, e.g. <c>GenTest.IOrderGrain.Add(int,System.Collections.Generic.List&lt;GenTest.Line&gt;)</c>),
/// so <c>string?</c> and <c>string</c> name the same method. A hash of 0 becomes 1 (0 means "never leaves the silo").
/// The hash depends only on that string: it is the same across builds, machines and processes.
/// </summary>
internal static class MethodIds
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>How signature strings write types: fully qualified, no <c>global::</c>, no nullable reference annotations.</summary>
    private static readonly SymbolDisplayFormat SignatureFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>The signature string of <paramref name="method"/> as declared by <paramref name="declaringInterface"/>.</summary>
    public static string Signature(IMethodSymbol method, INamedTypeSymbol declaringInterface) =>
        declaringInterface.ToDisplayString(SignatureFormat)
        + "." + method.Name
        + "(" + string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SignatureFormat))) + ")";

    /// <summary>FNV-1a (32 bits) over the UTF-8 bytes of <paramref name="signature"/>; never 0.</summary>
    public static uint Hash(string signature)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(signature))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash == 0 ? 1u : hash;
    }
}
