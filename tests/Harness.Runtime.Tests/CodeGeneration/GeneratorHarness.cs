using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Harness.Runtime.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>Runs the grain code generator over small sources and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Runs the generator over <paramref name="source"/> in a compilation named <paramref name="assemblyName"/>.</summary>
    public static GeneratorRun Run(string source, string assemblyName = "GeneratorTests", bool allowUnsafe = false) =>
        Run([source], assemblyName, allowUnsafe);

    public static GeneratorRun Run(IEnumerable<string> sources, string assemblyName = "GeneratorTests", bool allowUnsafe = false)
    {
        var compilation = CreateCompilation(sources, assemblyName, allowUnsafe);
        GeneratorDriver driver = CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(compilation, output, generatorDiagnostics, driver.GetRunResult());
    }

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, string assemblyName = "GeneratorTests", bool allowUnsafe = false)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Source{i}.cs", encoding: Encoding.UTF8));
        var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: allowUnsafe)

            // The SDK suppresses these assembly-unification notes too.
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);
        return CSharpCompilation.Create(assemblyName, trees, References.Value, options);
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new GrainCodeGenerator().AsSourceGenerator()],
            parseOptions: CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Emits the compilation and loads it into a collectible context (the runtime assembly stays shared).</summary>
    public static Assembly EmitAndLoad(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, Describe(result.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        return context.LoadFromStream(stream);
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(static d => d.ToString()));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtime = typeof(Grain).Assembly.Location;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)

            // This repository's own assemblies (the tests, test grains) would only add noise; the runtime comes next.
            .Where(static p => !Path.GetFileName(p).StartsWith("Harness.", StringComparison.Ordinal))
            .Append(runtime)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
