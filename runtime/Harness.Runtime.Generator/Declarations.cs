using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Harness.Runtime.Generator;

/// <summary>Helpers for type declarations that may be split over several partial declarations.</summary>
internal static class Declarations
{
    /// <summary>
    /// Whether <paramref name="node"/> is the first declaration of <paramref name="symbol"/> that has a base list,
    /// so a partial type that passes the syntactic filter more than once is handled once.
    /// </summary>
    public static bool IsFirstWithBaseList<TDeclaration>(INamedTypeSymbol symbol, SyntaxNode node, CancellationToken cancellationToken)
        where TDeclaration : TypeDeclarationSyntax
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TDeclaration { BaseList: not null } declaration)
            {
                return declaration == node || (declaration.SyntaxTree == node.SyntaxTree && declaration.Span == node.Span);
            }
        }

        return false;
    }
}
