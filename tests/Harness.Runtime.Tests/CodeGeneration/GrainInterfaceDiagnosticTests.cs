using Microsoft.CodeAnalysis;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>Grain interfaces the generator cannot support fail the build with a diagnostic on the offending member.</summary>
public sealed class GrainInterfaceDiagnosticTests
{
    [Fact]
    public void Generator_MethodReturningInt_ReportsHRN0001()
    {
        var run = RunInterface("int Count();");
        var diagnostic = run.AssertSingleDiagnostic("HRN0001");

        AssertMentions(diagnostic, "GenTest.IBadGrain.Count", "'int'", "Task<T>");
        AssertOnLineOf(run, diagnostic, "int Count();");
    }

    [Theory]
    [InlineData("void Run();", "Run")]
    [InlineData("IAsyncEnumerable<int> Stream();", "Stream")]
    [InlineData("Task<int>? Maybe();", null)]
    public void Generator_MethodReturningNonTask_ReportsHRN0001(string member, string? method)
    {
        var run = RunInterface(member);

        if (method is null)
        {
            // A nullable-annotated Task is still a Task.
            run.AssertClean();
            return;
        }

        var diagnostic = run.AssertSingleDiagnostic("HRN0001");
        AssertMentions(diagnostic, $"GenTest.IBadGrain.{method}");
        AssertOnLineOf(run, diagnostic, member);
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    [InlineData("ref readonly")]
    public void Generator_ByRefParameter_ReportsHRN0002(string modifier)
    {
        var run = RunInterface($"Task Update({modifier} int value);");
        var diagnostic = run.AssertSingleDiagnostic("HRN0002");

        AssertMentions(diagnostic, "'value'", "GenTest.IBadGrain.Update", $"({modifier})");
        AssertOnLineOf(run, diagnostic, "Update(");
    }

    [Fact]
    public void Generator_PointerParameter_ReportsHRN0003()
    {
        var run = RunInterface("unsafe Task Poke(int* address);", allowUnsafe: true);
        var diagnostic = run.AssertSingleDiagnostic("HRN0003");

        AssertMentions(diagnostic, "'address'", "GenTest.IBadGrain.Poke", "int*");
    }

    [Fact]
    public void Generator_SpanParameter_ReportsHRN0003()
    {
        var run = RunInterface("Task Write(ReadOnlySpan<byte> data);");
        var diagnostic = run.AssertSingleDiagnostic("HRN0003");

        AssertMentions(diagnostic, "'data'", "GenTest.IBadGrain.Write", "ReadOnlySpan<byte>");
        AssertOnLineOf(run, diagnostic, "Write(");
    }

    [Fact]
    public void Generator_GenericMethod_ReportsHRN0004()
    {
        var run = RunInterface("Task<T> Get<T>(string key);");
        var diagnostic = run.AssertSingleDiagnostic("HRN0004");

        AssertMentions(diagnostic, "GenTest.IBadGrain.Get", "generic");
        AssertOnLineOf(run, diagnostic, "Get<T>");
    }

    [Theory]
    [InlineData("int Count { get; }", "property 'Count'")]
    [InlineData("string this[int index] { get; }", "indexer 'this[]'")]
    [InlineData("event EventHandler Changed;", "event 'Changed'")]
    [InlineData("string Name { get => \"x\"; }", "property 'Name'")]
    public void Generator_NonMethodMember_ReportsHRN0005(string member, string expected)
    {
        var run = RunInterface(member);
        var diagnostic = run.AssertSingleDiagnostic("HRN0005");

        AssertMentions(diagnostic, "GenTest.IBadGrain", expected);
        AssertOnLineOf(run, diagnostic, member);
    }

    [Theory]
    [InlineData("Task<int>")]
    [InlineData("ValueTask<string>")]
    public void Generator_OneWayMethodReturningResult_ReportsHRN0006(string returnType)
    {
        var run = RunInterface($"[OneWay] {returnType} Fire();");
        var diagnostic = run.AssertSingleDiagnostic("HRN0006");

        AssertMentions(diagnostic, "GenTest.IBadGrain.Fire", "[OneWay]");
        AssertOnLineOf(run, diagnostic, "Fire()");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    [InlineData("")]
    public void Generator_InvalidResponseTimeout_ReportsHRN0007(string value)
    {
        var run = RunInterface($"[ResponseTimeout(\"{value}\")] Task Slow();");
        var diagnostic = run.AssertSingleDiagnostic("HRN0007");

        AssertMentions(diagnostic, "GenTest.IBadGrain.Slow", $"\"{value}\"");
        AssertOnLineOf(run, diagnostic, "Slow()");
    }

    [Fact]
    public void Generator_ResponseTimeoutWithDays_IsAccepted()
    {
        var run = RunInterface("[ResponseTimeout(\"1.02:03:04.5\")] Task Slow();").AssertClean();

        var ticks = new TimeSpan(1, 2, 3, 4, 500).Ticks;
        Assert.Contains($"FromTicks({ticks}L)", run.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_GenericGrainInterface_ReportsHRN0008()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IRepositoryGrain<T> : IGrainWithStringKey
            {
                Task<T> Get();
            }
            """);

        var diagnostic = run.AssertSingleDiagnostic("HRN0008");
        AssertMentions(diagnostic, "GenTest.IRepositoryGrain<T>");
        AssertOnLineOf(run, diagnostic, "interface IRepositoryGrain<T>");
    }

    [Fact]
    public void Generator_GrainInterfaceNestedInGenericClass_ReportsHRN0008()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static class Holder<T>
            {
                public interface IInnerGrain : IGrainWithStringKey
                {
                    Task Run();
                }
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0008"), "GenTest.Holder<T>.IInnerGrain");
    }

    [Fact]
    public void Generator_PrivateNestedGrainInterface_ReportsHRN0013()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class Holder
            {
                private interface IHiddenGrain : IGrainWithStringKey
                {
                    Task Run();
                }
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0013"), "GenTest.Holder.IHiddenGrain", "private");
    }

    [Fact]
    public void Generator_FileLocalGrainInterface_ReportsHRN0013()
    {
        var run = GeneratorHarness.Run(Usings + """
            file interface IFileGrain : IGrainWithStringKey
            {
                Task Run();
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0013"), "Grain interface 'GenTest.IFileGrain'", "file-local");
    }

    [Fact]
    public void Generator_BadMemberInNonGrainBaseInterface_ReportsOnceOnTheMember()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IHasCount
            {
                int Count();
            }

            public interface IFirstGrain : IGrainWithStringKey, IHasCount
            {
            }

            public interface ISecondGrain : IGrainWithStringKey, IHasCount
            {
            }
            """);

        var diagnostic = run.AssertSingleDiagnostic("HRN0001");
        AssertMentions(diagnostic, "GenTest.IHasCount.Count");
        AssertOnLineOf(run, diagnostic, "int Count();");
    }

    [Fact]
    public void Generator_BadMemberInBaseGrainInterface_IsReportedByTheBaseOnly()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBaseGrain : IGrainWithStringKey
            {
                int Count();
            }

            public interface IDerivedGrain : IBaseGrain
            {
                Task Other();
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0001"), "GenTest.IBaseGrain.Count");
        Assert.DoesNotContain("IDerivedGrain_Proxy", run.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_SeveralBadMembers_ReportsEachAndSkipsOnlyThatInterface()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBadGrain : IGrainWithStringKey
            {
                int Count();

                Task Update(ref int value);
            }

            public interface IGoodGrain : IGrainWithStringKey
            {
                Task Run();
            }
            """);

        Assert.Equal(["HRN0001", "HRN0002"], run.GeneratorDiagnostics.Select(static d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain("IBadGrain_Proxy", run.AllSources, StringComparison.Ordinal);
        Assert.Contains("registry.AddInterface<global::GenTest.IGoodGrain>", run.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_StaticAbstractMember_ReportsHRN0015()
    {
        var run = RunInterface("static abstract Task Create();");
        var diagnostic = run.AssertSingleDiagnostic("HRN0015");

        AssertMentions(diagnostic, "GenTest.IBadGrain", "'Create'");
        AssertOnLineOf(run, diagnostic, "Create()");
    }

    [Fact]
    public void Generator_StaticAndPrivateInterfaceMembers_AreIgnored()
    {
        RunInterface("""
            static int Helper() => 1;

            static int Counter { get; set; }

            private int Hidden() => 2;

            static virtual Task Make() => Task.CompletedTask;

            Task Run();
            """).AssertClean();
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest;


        """;

    private static GeneratorRun RunInterface(string member, bool allowUnsafe = false) =>
        GeneratorHarness.Run(
            Usings + $$"""
                public interface IBadGrain : IGrainWithStringKey
                {
                    {{member}}
                }
                """,
            allowUnsafe: allowUnsafe);

    private static void AssertMentions(Diagnostic diagnostic, params string[] parts)
    {
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in parts)
        {
            Assert.Contains(part, message, StringComparison.Ordinal);
        }
    }

    private static void AssertOnLineOf(GeneratorRun run, Diagnostic diagnostic, string text)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.True(span.IsValid, $"{diagnostic.Id} has no location.");
        var tree = Assert.Single(run.Input.SyntaxTrees, t => t.FilePath == span.Path);
        var line = tree.GetText().Lines[span.StartLinePosition.Line].ToString();
        Assert.Contains(text, line, StringComparison.Ordinal);
    }
}
