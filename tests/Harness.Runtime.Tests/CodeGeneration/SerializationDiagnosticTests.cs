using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>HRN0016: a type a grain method sends or receives that cannot cross silos fails the build, naming the path to it.</summary>
public sealed class SerializationDiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest;


        """;

    [Fact]
    public void Generator_InterfaceTypedPropertyInNestedList_ReportsPathTypeAndMethod()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IToolSpec
            {
                string Name { get; }
            }

            public sealed record ChainNode(string Id, IToolSpec Tool);

            public sealed class ChainDefinition
            {
                public string Name { get; set; } = "";

                public List<ChainNode> Nodes { get; set; } = [];
            }

            public interface IChainGrain : IGrainWithStringKey
            {
                Task Submit(ChainDefinition definition);
            }
            """);

        var diagnostic = run.AssertSingleDiagnostic("HRN0016");
        Assert.Equal(
            "GenTest.IChainGrain.Submit(ChainDefinition): ChainDefinition.Nodes[].Tool (type IToolSpec) cannot cross silos: use a concrete class or record",
            Message(diagnostic));
        AssertOnLineOf(run, diagnostic, "Task Submit(");
        Assert.DoesNotContain("IChainGrain_Proxy", run.AllSources, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("object", "receiving silo cannot know what to create for 'object'")]
    [InlineData("dynamic", "receiving silo cannot know what to create for 'dynamic'")]
    [InlineData("Action<int>", "delegates cannot be serialized")]
    [InlineData("Stream", "use a concrete class or record")]
    [InlineData("Version", "no codec for this framework type")]
    [InlineData("JsonElement", "no codec for this framework type")]
    [InlineData("HashSet<int>", "no codec for this framework type")]
    [InlineData("DateOnly", "no codec for this framework type")]
    [InlineData("(int, string)", "tuples have no codec; use a record")]
    [InlineData("Tuple<int, string>", "tuples have no codec; use a record")]
    [InlineData("int[,]", "multi-dimensional arrays have no codec")]
    [InlineData("IComparable", "use a concrete class or record")]
    [InlineData("Shape", "use a concrete class or record")]
    [InlineData("IOtherGrain", "grain references cannot be sent yet")]
    public void Generator_UnsupportedParameterType_ReportsHRN0016(string type, string advice)
    {
        var run = RunInterface($"Task Send({type} value);");

        var diagnostic = run.AssertSingleDiagnostic("HRN0016");
        var message = Message(diagnostic);
        Assert.StartsWith("GenTest.IBadGrain.Send(", message, StringComparison.Ordinal);
        Assert.Contains("cannot cross silos", message, StringComparison.Ordinal);
        Assert.Contains(advice, message, StringComparison.Ordinal);
        AssertOnLineOf(run, diagnostic, "Task Send(");
    }

    [Fact]
    public void Generator_UnsupportedResultType_ReportsTheResult()
    {
        var run = RunInterface("Task<Dictionary<string, object>> Load();");

        var diagnostic = run.AssertSingleDiagnostic("HRN0016");
        Assert.Equal(
            "GenTest.IBadGrain.Load(): result Dictionary<string, object>.Values[] (type object) cannot cross silos: the receiving silo cannot know what to create for 'object'; use a concrete class or record",
            Message(diagnostic));
    }

    [Theory]
    [InlineData("Task Send(Holder holder);", "Holder.Items.Keys[]", "Version")]
    [InlineData("Task Send(List<Holder?>? holders);", "List<Holder?>[].Items.Keys[]", "Version")]
    [InlineData("Task Send(KeyValuePair<string, Shape> pair);", "KeyValuePair<string, Shape>.Value", "Shape")]
    [InlineData("Task Send(Wrapper? wrapper);", "Wrapper.Inner.Callback", "Func<int>")]
    [InlineData("Task<Wrapper[]> Get();", "result Wrapper[][].Inner.Callback", "Func<int>")]
    public void Generator_NestedUnsupportedType_NamesThePath(string member, string path, string type)
    {
        var run = RunInterface(member);

        var message = Message(run.AssertSingleDiagnostic("HRN0016"));
        Assert.Contains($": {path} (type {type}) cannot cross silos", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_TypeWithoutUsableConstructor_ReportsHRN0016()
    {
        var run = RunInterface("Task Send(Locked locked);", """
            public sealed class Locked
            {
                public Locked(int seed)
                {
                    Value = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                public string Value { get; }
            }
            """);

        var message = Message(run.AssertSingleDiagnostic("HRN0016"));
        Assert.Contains("Locked (type Locked)", message, StringComparison.Ordinal);
        Assert.Contains("no accessible parameterless constructor and no constructor whose parameters all match properties", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_IndexerOnlyType_ReportsHRN0016()
    {
        var run = RunInterface("Task Send(Lookup lookup);", """
            public sealed class Lookup
            {
                private readonly Dictionary<string, int> _values = [];

                public int this[string key]
                {
                    get => _values[key];
                    set => _values[key] = value;
                }
            }
            """);

        Assert.Contains("reachable only through indexers", Message(run.AssertSingleDiagnostic("HRN0016")), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_CustomCollectionType_ReportsHRN0016()
    {
        var run = RunInterface("Task Send(Bag bag);", """
            public sealed class Bag : List<int>
            {
                public string Label { get; set; } = "";
            }
            """);

        Assert.Contains("custom collection types are not serialized", Message(run.AssertSingleDiagnostic("HRN0016")), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_SeveralProblems_ReportsEachAndEveryMethod()
    {
        var run = RunInterface("""
            Task First(Holder holder, object extra);

            Task<Holder> Second();
            """);

        var messages = run.GeneratorDiagnostics.Select(Message).Order(StringComparer.Ordinal).ToList();
        Assert.All(run.GeneratorDiagnostics, static d => Assert.Equal("HRN0016", d.Id));
        Assert.Equal(
            [
                "GenTest.IBadGrain.First(Holder, object): Holder.Items.Keys[] (type Version) cannot cross silos: the runtime has no codec for this framework type; use a built-in type (primitives, string, Guid, DateTime, DateTimeOffset, TimeSpan, decimal, byte[], Uri, GrainId), an enum, an array, List<T> or Dictionary<TKey, TValue> of those, or a class or record of your own",
                "GenTest.IBadGrain.First(Holder, object): object (type object) cannot cross silos: the receiving silo cannot know what to create for 'object'; use a concrete class or record",
                "GenTest.IBadGrain.Second(): result Holder.Items.Keys[] (type Version) cannot cross silos: the runtime has no codec for this framework type; use a built-in type (primitives, string, Guid, DateTime, DateTimeOffset, TimeSpan, decimal, byte[], Uri, GrainId), an enum, an array, List<T> or Dictionary<TKey, TValue> of those, or a class or record of your own",
            ],
            messages);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Generator_ProblemInBaseGrainInterface_IsReportedOnceByTheBase()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBaseGrain : IGrainWithStringKey
            {
                Task Send(object value);
            }

            public interface IDerivedGrain : IBaseGrain
            {
                Task Other(int value);
            }
            """);

        Assert.StartsWith("GenTest.IBaseGrain.Send(object)", Message(run.AssertSingleDiagnostic("HRN0016")), StringComparison.Ordinal);
        Assert.DoesNotContain("IDerivedGrain_Proxy", run.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_ComputedAndNonPublicMembers_AreNotSerializedAndNotChecked()
    {
        RunInterface("Task Send(Computed value);", """
            public sealed class Computed
            {
                private object? _cache;

                public int Count { get; set; }

                public object Boxed => Count;

                public IEnumerable<object> Many => [Count];

                internal Stream? Stream { get; set; }

                public static object Shared { get; set; } = new();

                public object? Cache() => _cache;
            }
            """).AssertClean();
    }

    [Fact]
    public void Generator_SupportedTypes_AreClean()
    {
        var run = RunInterface("""
            Task<Guid> A(int a, long b, bool c, double d, float e, decimal f, char g, byte h, sbyte i, short j, ushort k, uint l, ulong m, string n);

            Task<DateTimeOffset?> B(DateTime a, DateTimeOffset b, TimeSpan c, Uri? d, byte[]? e, GrainId f, System.Threading.CancellationToken g);

            Task<Color[]> C(Color a, Color? b, StringComparison c, IReadOnlyList<int> d, IList<string?> e, ICollection<Guid> f, IReadOnlyCollection<long> g, IEnumerable<byte> h);

            Task<IReadOnlyDictionary<string, List<int>>> D(Dictionary<Color, string> a, IDictionary<string, int[]> b, KeyValuePair<int, string> c, List<Dictionary<string, Holder2>> d);

            Task E(Harness.Runtime.Reminders.TickStatus status);

            ValueTask F();
            """, """
            public enum Color
            {
                Red,
            }

            public sealed record Holder2(string Name, Color Color);
            """);

        run.AssertClean();
    }

    [Fact]
    public void Generator_TypeFromAnotherAssembly_IsLeftToThatAssembly_ButItsShapeIsStillChecked()
    {
        var library = GeneratorHarness.CreateCompilation(
            [
                """
                namespace Lib;

                public sealed class Remote
                {
                    public object? Anything { get; set; }
                }

                public interface IRemoteSpec
                {
                }

                public sealed class Box<T>
                {
                    public T? Value { get; set; }
                }
                """,
            ],
            assemblyName: "RemoteLibrary");
        using var stream = new MemoryStream();
        Assert.True(library.Emit(stream).Success);
        var reference = MetadataReference.CreateFromImage(stream.ToArray());

        var compilation = GeneratorHarness.CreateCompilation(
            [
                Usings + """
                public interface IRemoteUserGrain : IGrainWithStringKey
                {
                    Task Fine(Lib.Remote remote);

                    Task Bad(Lib.IRemoteSpec spec);

                    Task Boxed(Lib.Box<Local> box);
                }

                public sealed class Local
                {
                    public object? Payload { get; set; }
                }
                """,
            ]).AddReferences(reference);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);

        // Remote's codec is RemoteLibrary's business; an interface has no codec anywhere; Box<Local> needs Local's codec from here.
        Assert.Equal(
            [
                "GenTest.IRemoteUserGrain.Bad(IRemoteSpec): IRemoteSpec (type IRemoteSpec) cannot cross silos: use a concrete class or record",
                "GenTest.IRemoteUserGrain.Boxed(Box<Local>): Box<Local><T>.Payload (type object) cannot cross silos: the receiving silo cannot know what to create for 'object'; use a concrete class or record",
            ],
            diagnostics.Select(Message).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, static d => Assert.Equal("HRN0016", d.Id));
    }

    private const string SharedTypes = """
        public abstract class Shape
        {
        }

        public interface IOtherGrain : IGrainWithStringKey
        {
        }

        public sealed class Holder
        {
            public Dictionary<Version, int> Items { get; set; } = [];
        }

        public sealed class Inner
        {
            public Func<int>? Callback { get; set; }
        }

        public sealed record Wrapper(Inner Inner);


        """;

    private static GeneratorRun RunInterface(string members, string types = "") =>
        GeneratorHarness.Run(
            Usings + SharedTypes + types + $$"""

                public interface IBadGrain : IGrainWithStringKey
                {
                    {{members}}
                }
                """);

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static void AssertOnLineOf(GeneratorRun run, Diagnostic diagnostic, string text)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.True(span.IsValid, $"{diagnostic.Id} has no location.");
        var tree = Assert.Single(run.Input.SyntaxTrees, t => t.FilePath == span.Path);
        var line = tree.GetText().Lines[span.StartLinePosition.Line].ToString();
        Assert.Contains(text, line, StringComparison.Ordinal);
    }
}
