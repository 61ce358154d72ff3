using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Harness.Runtime.Generator;

/// <summary>Turns a grain interface declaration into an <see cref="InterfaceModel"/> and diagnostics.</summary>
internal static class InterfaceParser
{
    private const string GeneratedNamespaceSuffix = "HarnessGenerated";
    private const string VoidResult = "global::Harness.Runtime.CodeGeneration.VoidResult";

    /// <summary>Cheap syntactic filter: an interface that derives from something.</summary>
    public static bool IsCandidate(SyntaxNode node) => node is InterfaceDeclarationSyntax { BaseList: not null };

    /// <summary>Parses the grain interface declared at the context's node; null when it is not one (or another part of it is handled).</summary>
    public static ParseResult<InterfaceModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !KnownTypes.IsGrainInterface(symbol)
            || !Declarations.IsFirstWithBaseList<InterfaceDeclarationSyntax>(symbol, context.Node, cancellationToken))
        {
            return null;
        }

        return Parse(symbol, cancellationToken);
    }

    /// <summary>Parses a grain interface symbol.</summary>
    public static ParseResult<InterfaceModel> Parse(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var interfaceName = SymbolNames.Readable(symbol);
        var interfaceLocation = symbol.Locations.FirstOrDefault();
        var valid = true;

        if (KnownTypes.IsOrIsNestedInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericInterface, interfaceLocation, interfaceName));
            valid = false;
        }

        if (KnownTypes.InaccessibleReason(symbol) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleType, interfaceLocation, "Grain interface", interfaceName, reason));
            valid = false;
        }

        var path = TypePath(symbol);
        var methods = new List<MethodModel>();

        // An interface already refused (generic, inaccessible) gets no proxy: its types need no codecs.
        var serialization = valid ? new SerializationAnalyzer(symbol.ContainingAssembly) : null;

        // The interface's own members first, then those of every interface it derives from: the proxy implements them all.
        foreach (var declaringInterface in new[] { symbol }.Concat(symbol.AllInterfaces))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (KnownTypes.IsRuntimeGrainBase(declaringInterface))
            {
                continue;
            }

            // Members of another grain interface of this compilation are reported where that interface is parsed.
            var reportHere = declaringInterface.Equals(symbol, SymbolEqualityComparer.Default)
                || !(KnownTypes.IsGrainInterface(declaringInterface) && declaringInterface.Locations.Any(static l => l.IsInSource));
            var memberDiagnostics = new List<DiagnosticInfo>();
            foreach (var member in declaringInterface.GetMembers())
            {
                var memberLocation = member.Locations.FirstOrDefault(static l => l.IsInSource) ?? interfaceLocation;
                if (member.IsStatic)
                {
                    // Static members need no proxy code, unless abstract: no class could implement the interface then.
                    if (member.IsAbstract)
                    {
                        memberDiagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.StaticAbstractMember,
                            memberLocation,
                            SymbolNames.Readable(declaringInterface),
                            member.Name));
                    }

                    continue;
                }

                switch (member)
                {
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when method.IsAbstract || method.IsVirtual:
                        var methodModel = ParseMethod(method, declaringInterface, path, methods.Count, memberLocation, memberDiagnostics, serialization);
                        if (methodModel is not null)
                        {
                            methods.Add(methodModel);
                        }

                        break;
                    case IPropertySymbol property when IsImplementable(property):
                        memberDiagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.NonMethodMember,
                            memberLocation,
                            SymbolNames.Readable(declaringInterface),
                            property.IsIndexer ? "indexer" : "property",
                            property.IsIndexer ? "this[]" : property.Name));
                        break;
                    case IEventSymbol @event when IsImplementable(@event):
                        memberDiagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.NonMethodMember,
                            memberLocation,
                            SymbolNames.Readable(declaringInterface),
                            "event",
                            @event.Name));
                        break;
                    default:
                        break;
                }
            }

            if (memberDiagnostics.Count > 0)
            {
                valid = false;
                if (reportHere)
                {
                    diagnostics.AddRange(memberDiagnostics);
                }
            }
        }

        var generatedNamespace = symbol.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString() + "." + GeneratedNamespaceSuffix
            : GeneratedNamespaceSuffix;
        var model = valid
            ? new InterfaceModel(
                interfaceName,
                SymbolNames.Qualified(symbol),
                generatedNamespace,
                path + "_Proxy",
                HintName(symbol),
                methods.ToEquatableArray(),
                serialization?.Codecs ?? EquatableArray<CodecModel>.Empty)
            : null;
        return new ParseResult<InterfaceModel>(model, diagnostics.ToEquatableArray());
    }

    private static MethodModel? ParseMethod(
        IMethodSymbol method,
        INamedTypeSymbol declaringInterface,
        string interfacePath,
        int index,
        Location? location,
        List<DiagnosticInfo> diagnostics,
        SerializationAnalyzer? serialization)
    {
        var interfaceName = SymbolNames.Readable(declaringInterface);
        var errorCount = diagnostics.Count;

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, location, interfaceName, method.Name));
        }

        var returnType = method.ReturnType;
        ReturnKind? kind = null;
        string? resultType = null;
        ITypeSymbol? resultSymbol = null;
        if (KnownTypes.Is(returnType, KnownTypes.TasksNamespace, "Task"))
        {
            kind = ReturnKind.Task;
            resultType = VoidResult;
        }
        else if (KnownTypes.Is(returnType, KnownTypes.TasksNamespace, "ValueTask"))
        {
            kind = ReturnKind.ValueTask;
            resultType = VoidResult;
        }
        else if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic
            && (KnownTypes.Is(returnType, KnownTypes.TasksNamespace, "Task", 1) || KnownTypes.Is(returnType, KnownTypes.TasksNamespace, "ValueTask", 1)))
        {
            kind = generic.Name == "Task" ? ReturnKind.TaskOfT : ReturnKind.ValueTaskOfT;
            resultSymbol = generic.TypeArguments[0];
            resultType = SymbolNames.Qualified(resultSymbol);
        }
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, location, interfaceName, method.Name, Display(returnType)));
        }

        var isOneWay = KnownTypes.HasAttribute(method, KnownTypes.RuntimeNamespace, "OneWayAttribute");
        if (isOneWay && kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OneWayWithResult, location, interfaceName, method.Name, Display(returnType)));
        }

        long? timeoutTicks = null;
        if (KnownTypes.FindAttribute(method, KnownTypes.RuntimeNamespace, "ResponseTimeoutAttribute") is { } timeoutAttribute)
        {
            var value = timeoutAttribute.ConstructorArguments.Length == 1 ? timeoutAttribute.ConstructorArguments[0].Value as string : null;
            if (TryParseTimeout(value, out var timeout))
            {
                timeoutTicks = timeout.Ticks;
            }
            else
            {
                var attributeLocation = timeoutAttribute.ApplicationSyntaxReference is { } reference
                    ? Location.Create(reference.SyntaxTree, reference.Span)
                    : location;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidResponseTimeout, attributeLocation, interfaceName, method.Name, value ?? "null"));
            }
        }

        var parameters = new List<ParameterModel>(method.Parameters.Length);
        foreach (var parameter in method.Parameters)
        {
            var parameterLocation = parameter.Locations.FirstOrDefault(static l => l.IsInSource) ?? location;
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ByRefParameter, parameterLocation, interfaceName, method.Name, parameter.Name, RefKindText(parameter.RefKind)));
            }
            else if (parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || parameter.Type.IsRefLikeType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, parameterLocation, interfaceName, method.Name, parameter.Name, Display(parameter.Type)));
            }

            parameters.Add(new ParameterModel(SymbolNames.EscapeIdentifier(parameter.Name), SymbolNames.Qualified(parameter.Type)));
        }

        if (diagnostics.Count > errorCount || kind is null || resultType is null || serialization is null)
        {
            return null;
        }

        // Calls cross silos: every type the method sends or receives must have a codec.
        var problems = serialization.AnalyzeMethod(method, resultSymbol);
        if (problems.Count > 0)
        {
            var methodDisplay = $"{interfaceName}.{method.Name}({string.Join(", ", method.Parameters.Select(static p => SerializationAnalyzer.Display(p.Type)))})";
            foreach (var problem in problems)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeCannotCrossSilos, location, methodDisplay, problem.Path, problem.Type, problem.Advice));
            }

            return null;
        }

        var signature = MethodIds.Signature(method, declaringInterface);

        return new MethodModel(
            method.Name,
            $"{interfacePath}_{method.Name}_Request_{index.ToString(CultureInfo.InvariantCulture)}",
            SymbolNames.Qualified(declaringInterface),
            interfaceName,
            kind.Value,
            SymbolNames.Qualified(returnType),
            resultType,
            returnType.NullableAnnotation == NullableAnnotation.Annotated,
            parameters.ToEquatableArray(),
            isOneWay,
            KnownTypes.HasAttribute(method, KnownTypes.RuntimeNamespace, "AlwaysInterleaveAttribute"),
            timeoutTicks,
            signature,
            MethodIds.Hash(signature));
    }

    private static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        return value is not null
            && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out timeout)
            && timeout > TimeSpan.Zero;
    }

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    /// <summary>The interface's name with its containing types, joined by underscores (<c>Outer_IFoo</c>).</summary>
    private static string TypePath(INamedTypeSymbol symbol)
    {
        var path = symbol.Name;
        for (var containing = symbol.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            path = containing.Name + "_" + path;
        }

        return path;
    }

    /// <summary>A unique file name: the metadata name, containing types separated by '+'.</summary>
    private static string HintName(INamedTypeSymbol symbol)
    {
        var name = symbol.Name;
        for (var containing = symbol.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.Name + "+" + name;
        }

        var ns = symbol.ContainingNamespace is { IsGlobalNamespace: false } containingNamespace ? containingNamespace.ToDisplayString() + "." : string.Empty;
        return ns + name + ".GrainReference.g.cs";
    }

    /// <summary>Whether a proxy would have to implement the member (it is not private, static or an explicit implementation).</summary>
    private static bool IsImplementable(IPropertySymbol property) =>
        property.DeclaredAccessibility != Accessibility.Private && property.ExplicitInterfaceImplementations.IsEmpty;

    private static bool IsImplementable(IEventSymbol @event) =>
        @event.DeclaredAccessibility != Accessibility.Private && @event.ExplicitInterfaceImplementations.IsEmpty;
}
