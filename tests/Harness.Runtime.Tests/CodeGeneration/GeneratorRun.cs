using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriverRunResult RunResult)
{
    /// <summary>Gets the generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        RunResult.Results.SelectMany(static r => r.GeneratedSources).ToDictionary(static s => s.HintName, static s => s.SourceText.ToString());

    /// <summary>Gets all generated text, for assertions and failure messages.</summary>
    public string AllSources => string.Join("\n", Sources.OrderBy(static s => s.Key, StringComparer.Ordinal).Select(static s => $"// ==== {s.Key}\n{s.Value}"));

    /// <summary>Gets the errors of the output compilation, and its warnings located in generated files.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems
    {
        get
        {
            var generatedTrees = Output.SyntaxTrees.Except(Input.SyntaxTrees).ToHashSet();
            return
            [
                .. Output.GetDiagnostics().Where(d =>
                    d.Severity == DiagnosticSeverity.Error
                    || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))),
            ];
        }
    }

    /// <summary>Asserts the generator reported nothing and its output compiles without errors or warnings.</summary>
    public GeneratorRun AssertClean()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "Generator reported:\n" + GeneratorHarness.Describe(GeneratorDiagnostics) + "\n" + AllSources);
        Assert.True(CompilationProblems.Count == 0, "Compilation reported:\n" + GeneratorHarness.Describe(CompilationProblems) + "\n" + AllSources);
        return this;
    }

    /// <summary>Asserts the generator reported exactly one diagnostic, an error with <paramref name="id"/>, and returns it.</summary>
    public Diagnostic AssertSingleDiagnostic(string id)
    {
        var diagnostic = Assert.Single(GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Harness.CodeGeneration", diagnostic.Descriptor.Category);

        // The rest of the code must still compile: an unsupported interface gets no proxy rather than a broken one.
        Assert.True(CompilationProblems.Count == 0, "Compilation reported:\n" + GeneratorHarness.Describe(CompilationProblems) + "\n" + AllSources);
        return diagnostic;
    }
}
