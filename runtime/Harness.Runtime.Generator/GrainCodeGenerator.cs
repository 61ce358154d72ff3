using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>
/// Generates, for the grain interfaces and grain classes declared in a compilation, the grain references
/// (proxies), one request class per grain method (with its wire id and argument serialization), the assembly's
/// registration of all of them, and the codecs of the compilation's types that grain methods send or receive.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var compilation = context.CompilationProvider.Select(static (c, _) => CreateCompilationModel(c));

        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => InterfaceParser.IsCandidate(node),
                static (ctx, ct) => InterfaceParser.Parse(ctx, ct))
            .Where(static r => r is not null)
            .Select(static (r, _) => r!);

        var grainClasses = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => GrainClassParser.IsCandidate(node),
                static (ctx, ct) => GrainClassParser.Parse(ctx, ct))
            .Where(static r => r is not null)
            .Select(static (r, _) => r!);

        // One file per supported grain interface: its proxy and request classes.
        var supportedInterfaces = interfaces
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!);
        context.RegisterSourceOutput(
            supportedInterfaces.Combine(compilation),
            static (spc, pair) => spc.AddSource(pair.Left.HintName, ProxyEmitter.Emit(pair.Left, pair.Right)));

        // Diagnostics, once each: a non-grain base interface's member can be reported by every grain interface deriving from it.
        context.RegisterSourceOutput(
            interfaces.Collect().Combine(grainClasses.Collect()),
            static (spc, pair) =>
            {
                var diagnostics = pair.Left.SelectMany(static r => r.Diagnostics)
                    .Concat(pair.Right.SelectMany(static r => r.Diagnostics))
                    .Distinct();
                foreach (var diagnostic in diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            });

        // The registration depends on the models only, not on diagnostics and their locations.
        var supportedGrainClasses = grainClasses
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!);
        context.RegisterSourceOutput(
            supportedInterfaces.Collect().Combine(supportedGrainClasses.Collect()).Combine(compilation),
            static (spc, input) => EmitRegistration(spc, input.Left.Left, input.Left.Right, input.Right));
    }

    private static void EmitRegistration(
        SourceProductionContext context,
        ImmutableArray<InterfaceModel> interfaces,
        ImmutableArray<GrainClassModel> grainClasses,
        CompilationModel compilation)
    {
        if (interfaces.IsEmpty && grainClasses.IsEmpty)
        {
            return;
        }

        context.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(interfaces, grainClasses, compilation));

        var codecs = CodecEmitter.Collect(interfaces);
        if (codecs.Count > 0)
        {
            context.AddSource(CodecEmitter.HintName, CodecEmitter.Emit(codecs, compilation));
        }
    }

    private static CompilationModel CreateCompilationModel(Compilation compilation)
    {
        var requestType = compilation.GetTypeByMetadataName(KnownTypes.RequestMetadataName);
        var runtimeAssembly = requestType?.ContainingAssembly;
        var hasInternalAccess = runtimeAssembly is not null
            && (runtimeAssembly.Equals(compilation.Assembly, SymbolEqualityComparer.Default) || runtimeAssembly.GivesAccessTo(compilation.Assembly));
        return new CompilationModel(SymbolNames.ToIdentifier(compilation.AssemblyName), hasInternalAccess);
    }
}
