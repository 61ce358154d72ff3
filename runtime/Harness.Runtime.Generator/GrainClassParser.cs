using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Harness.Runtime.Generator;

/// <summary>Turns a grain class declaration into a <see cref="GrainClassModel"/> (its constructor call) and diagnostics.</summary>
internal static class GrainClassParser
{
    private const string DependencyInjectionNamespace = "Microsoft.Extensions.DependencyInjection";

    /// <summary>Cheap syntactic filter: a class that derives from something.</summary>
    public static bool IsCandidate(SyntaxNode node) => node is ClassDeclarationSyntax { BaseList: not null };

    /// <summary>Parses the grain class declared at the context's node; null when it is not one (or another part of it is handled).</summary>
    public static ParseResult<GrainClassModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.IsAbstract
            || symbol.IsStatic
            || !KnownTypes.DerivesFromGrain(symbol)
            || !Declarations.IsFirstWithBaseList<ClassDeclarationSyntax>(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        return Parse(symbol);
    }

    /// <summary>Parses a non-abstract grain class symbol.</summary>
    public static ParseResult<GrainClassModel> Parse(INamedTypeSymbol symbol)
    {
        var className = SymbolNames.Readable(symbol);
        var location = symbol.Locations.FirstOrDefault();
        var diagnostics = new List<DiagnosticInfo>();

        if (KnownTypes.IsOrIsNestedInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericGrainClass, location, className));
        }

        if (KnownTypes.InaccessibleReason(symbol) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleType, location, "Grain class", className, reason));
        }

        var constructor = ChooseConstructor(symbol, className, location, diagnostics);
        if (constructor is null)
        {
            return new ParseResult<GrainClassModel>(null, diagnostics.ToEquatableArray());
        }

        var arguments = new List<ConstructorArgumentModel>(constructor.Parameters.Length);
        var stateNames = new HashSet<string>();
        foreach (var parameter in constructor.Parameters)
        {
            var parameterLocation = parameter.Locations.FirstOrDefault(static l => l.IsInSource) ?? location;
            var stateAttribute = KnownTypes.FindAttribute(parameter, KnownTypes.StorageNamespace, "PersistentStateAttribute");
            if (stateAttribute is null)
            {
                // GetRequiredService<T> requires T : notnull: ask for the service type without its '?'.
                var serviceType = parameter.Type.IsReferenceType
                    ? parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
                    : parameter.Type;
                arguments.Add(new ConstructorArgumentModel(parameter.Name, SymbolNames.Qualified(serviceType), null, null));
                continue;
            }

            if (!KnownTypes.Is(parameter.Type, KnownTypes.StorageNamespace, "IPersistentState", 1))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PersistentStateParameterType,
                    parameterLocation,
                    className,
                    parameter.Name,
                    parameter.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)));
                continue;
            }

            var args = stateAttribute.ConstructorArguments;
            var stateName = args.Length > 0 ? args[0].Value as string : null;
            var storageName = args.Length > 1 ? args[1].Value as string : null;
            if (string.IsNullOrEmpty(stateName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPersistentStateName, parameterLocation, className, parameter.Name, "has no state name"));
                continue;
            }

            if (!stateNames.Add(stateName!))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidPersistentStateName,
                    parameterLocation,
                    className,
                    parameter.Name,
                    string.Format(CultureInfo.InvariantCulture, "reuses the state name \"{0}\"", stateName)));
                continue;
            }

            var stateType = ((INamedTypeSymbol)parameter.Type).TypeArguments[0];
            arguments.Add(new ConstructorArgumentModel(parameter.Name, SymbolNames.Qualified(stateType), stateName, storageName));
        }

        var model = diagnostics.Count == 0
            ? new GrainClassModel(className, SymbolNames.Qualified(symbol), arguments.ToEquatableArray())
            : null;
        return new ParseResult<GrainClassModel>(model, diagnostics.ToEquatableArray());
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol symbol, string className, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var candidates = symbol.InstanceConstructors.Where(static c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        if (candidates.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPublicConstructor, location, className));
            return null;
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var marked = candidates
            .Where(static c => KnownTypes.HasAttribute(c, DependencyInjectionNamespace, "ActivatorUtilitiesConstructorAttribute"))
            .ToList();
        if (marked.Count == 1)
        {
            return marked[0];
        }

        diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.AmbiguousConstructor,
            location,
            className,
            candidates.Count.ToString(CultureInfo.InvariantCulture)));
        return null;
    }
}
