using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Serialization;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>The codecs the generator emits for a compilation's own types, and the requests' argument serialization.</summary>
public sealed class CodecGenerationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest;


        """;

    private const string Source = Usings + """
        public enum Mood
        {
            Calm,
            Angry,
        }

        public sealed record Address(string Street, string? City);

        public sealed record Person(string Name, int Age, Address? Home, List<Address> Previous)
        {
            public string? Nickname { get; init; }

            public string Display => Name + " (" + Age + ")";
        }

        public class Base
        {
            public int Id { get; set; }
        }

        public sealed class Derived : Base
        {
            public string Extra { get; init; } = "";
        }

        public struct Vector
        {
            public double X { get; set; }

            public double Y { get; set; }
        }

        public readonly struct Frozen
        {
            public Frozen(int value, string label)
            {
                Value = value;
                Label = label;
            }

            public int Value { get; }

            public string Label { get; }
        }

        public readonly record struct Pair(int Left, int Right);

        public sealed class Box<T>
        {
            public T? Value { get; set; }
        }

        public sealed class Required
        {
            public required string Key { get; init; }

            public int Count { get; set; }
        }

        public sealed class RequiredViaConstructor
        {
            public RequiredViaConstructor(string key)
            {
                Key = key;
            }

            public required string Key { get; init; }
        }

        public sealed class PrivateSetter
        {
            public PrivateSetter(string name)
            {
                Name = name;
            }

            public string Name { get; private set; }

            public int Age { get; set; }
        }

        public sealed class Node
        {
            public string Label { get; set; } = "";

            public List<Node> Children { get; set; } = [];
        }

        public sealed class Keywords
        {
            public int @class { get; set; }

            public string? @event { get; set; }
        }

        public interface IPeopleGrain : IGrainWithStringKey
        {
            Task<Person> Save(Person person, Mood mood, Base @base, Derived derived, Vector vector, Frozen frozen, Pair? pair);

            Task<Box<string?>> Boxes(Box<int> numbers, Box<string?> text, Required required, RequiredViaConstructor viaConstructor, PrivateSetter privateSetter, Node node, Keywords keywords);

            Task<Dictionary<string, Person?>> All(Harness.Runtime.Reminders.TickStatus status);
        }

        public static class Samples
        {
            public static readonly Person Person = new("Zoë", 41, new Address("1 Rue Ü", null), [new Address("2 Main", "Oslo")]) { Nickname = "z" };

            public static Task SendSave(IPeopleGrain grain) =>
                grain.Save(Person, Mood.Angry, new Base { Id = 7 }, new Derived { Id = 8, Extra = "x" }, new Vector { X = 1.5, Y = -2 }, new Frozen(3, "three"), new Pair(4, 5));

            public static Task SendBoxes(IPeopleGrain grain) =>
                grain.Boxes(
                    new Box<int> { Value = 9 },
                    new Box<string?> { Value = null },
                    new Required { Key = "k", Count = 2 },
                    new RequiredViaConstructor("r") { Key = "r" },
                    new PrivateSetter("p") { Age = 30 },
                    new Node { Label = "root", Children = [new Node { Label = "leaf" }] },
                    new Keywords { @class = 1, @event = "e" });

            public static Task SendDerivedAsBase(IPeopleGrain grain) =>
                grain.Save(Person, Mood.Calm, new Derived { Id = 1 }, new Derived(), default, default, null);

            public static string Describe(object? value) => value switch
            {
                Derived d => $"Derived {d.Id} {d.Extra}",
                Base b => $"Base {b.Id}",
                Vector v => $"Vector {v.X} {v.Y}",
                Frozen f => $"Frozen {f.Value} {f.Label}",
                Box<int> b => $"Box<int> {b.Value}",
                Box<string?> b => $"Box<string?> {b.Value ?? "null"}",
                Required r => $"Required {r.Key} {r.Count}",
                RequiredViaConstructor r => $"RequiredViaConstructor {r.Key}",
                PrivateSetter p => $"PrivateSetter {p.Name} {p.Age}",
                Node n => $"Node {n.Label} [{string.Join(", ", n.Children.ConvertAll(c => Describe(c)))}]",
                Keywords k => $"Keywords {k.@class} {k.@event}",
                Person p => $"{p} {string.Join("; ", p.Previous)}",
                _ => value?.ToString() ?? "null",
            };
        }
        """;

    private static readonly Lazy<GeneratorRun> Run = new(() => GeneratorHarness.Run(Source, assemblyName: "CodecGenerationTests").AssertClean());

    private static string Codecs => Run.Value.Sources["HarnessGeneratedCode.Codecs.g.cs"];

    [Fact]
    public void Codecs_AreRegisteredFromAModuleInitializer()
    {
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", Codecs, StringComparison.Ordinal);
        Assert.Contains("internal static void RegisterCodecs()", Codecs, StringComparison.Ordinal);
        Assert.Contains("namespace HarnessGenerated.CodecGenerationTests", Codecs, StringComparison.Ordinal);
        Assert.Contains(
            "global::Harness.Runtime.Serialization.CodecRegistry.Register<global::GenTest.Person?>(new global::HarnessGenerated.CodecGenerationTests.GenTest_PersonCodec());",
            Codecs,
            StringComparison.Ordinal);
        Assert.Contains(
            "global::Harness.Runtime.Serialization.CodecRegistry.Register<global::GenTest.Vector>(new global::HarnessGenerated.CodecGenerationTests.GenTest_VectorCodec());",
            Codecs,
            StringComparison.Ordinal);
        Assert.Contains("internal sealed class GenTest_PersonCodec : global::Harness.Runtime.Serialization.ICodec<global::GenTest.Person?>", Codecs, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_CoverReachableSourceTypesOnly()
    {
        string[] expected =
        [
            "GenTest_AddressCodec", "GenTest_BaseCodec", "GenTest_Box_int_Codec", "GenTest_Box_string_Codec", "GenTest_DerivedCodec",
            "GenTest_FrozenCodec", "GenTest_KeywordsCodec", "GenTest_NodeCodec", "GenTest_PairCodec", "GenTest_PersonCodec",
            "GenTest_PrivateSetterCodec", "GenTest_RequiredCodec", "GenTest_RequiredViaConstructorCodec", "GenTest_VectorCodec",
        ];
        var declared = System.Text.RegularExpressions.Regex.Matches(Codecs, "internal sealed class (\\w+) :").Select(static m => m.Groups[1].Value);

        // Enums are composed at run time; TickStatus's codec comes from the runtime's own generated code.
        Assert.Equal(expected, declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Codecs_PositionalRecord_UsesItsConstructorThenTheInitializer_AndSkipsComputedProperties()
    {
        var codec = CodecOf("GenTest_PersonCodec");

        Assert.Contains("writer.WriteBoolean(value is not null);", codec, StringComparison.Ordinal);
        Assert.Contains("global::Harness.Runtime.Serialization.Codec<global::GenTest.Address?>.Write(writer, value.Home);", codec, StringComparison.Ordinal);
        Assert.Contains("return new global::GenTest.Person(p0, p1, p2, p3)", codec, StringComparison.Ordinal);
        Assert.Contains("Nickname = p4,", codec, StringComparison.Ordinal);
        Assert.DoesNotContain("Display", codec, StringComparison.Ordinal);

        // A sealed record cannot be derived from: no run-time type check.
        Assert.DoesNotContain("GetType()", codec, StringComparison.Ordinal);
    }

    [Fact]
    public void Codecs_ClassHierarchy_WritesBasePropertiesFirst_AndChecksTheRuntimeTypeOfNonSealedClasses()
    {
        Assert.Contains("if (value.GetType() != typeof(global::GenTest.Base))", CodecOf("GenTest_BaseCodec"), StringComparison.Ordinal);

        var derived = CodecOf("GenTest_DerivedCodec");
        Assert.DoesNotContain("GetType()", derived, StringComparison.Ordinal);
        Assert.True(
            derived.IndexOf("value.Id)", StringComparison.Ordinal) < derived.IndexOf("value.Extra)", StringComparison.Ordinal),
            derived);
    }

    [Fact]
    public void Codecs_ConstructorSelection_RestoresGetOnlyAndRequiredProperties()
    {
        Assert.Contains("return new global::GenTest.Frozen(p0, p1);", CodecOf("GenTest_FrozenCodec"), StringComparison.Ordinal);
        Assert.Contains("return new global::GenTest.PrivateSetter(p0)", CodecOf("GenTest_PrivateSetterCodec"), StringComparison.Ordinal);
        Assert.Contains("Age = p1,", CodecOf("GenTest_PrivateSetterCodec"), StringComparison.Ordinal);
        Assert.Contains("Key = p0,", CodecOf("GenTest_RequiredCodec"), StringComparison.Ordinal);

        // A required property must be set by the initializer even when the constructor takes it (no [SetsRequiredMembers]).
        var viaConstructor = CodecOf("GenTest_RequiredViaConstructorCodec");
        Assert.Contains("return new global::GenTest.RequiredViaConstructor(p0)", viaConstructor, StringComparison.Ordinal);
        Assert.Contains("Key = p0,", viaConstructor, StringComparison.Ordinal);

        // Structs: no presence byte; a positional record struct with init-only properties uses the initializer.
        var pair = CodecOf("GenTest_PairCodec");
        Assert.DoesNotContain("WriteBoolean", pair, StringComparison.Ordinal);
        Assert.Contains("return new global::GenTest.Pair\n", pair, StringComparison.Ordinal);
        Assert.Contains("value.@class", CodecOf("GenTest_KeywordsCodec"), StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_SerializeEachArgumentThroughTheCodecOfItsDeclaredType()
    {
        var source = Run.Value.Sources["GenTest.IPeopleGrain.GrainReference.g.cs"];

        Assert.Contains("protected override void WriteArguments(global::Harness.Runtime.Serialization.MessageWriter writer)", source, StringComparison.Ordinal);
        Assert.Contains("protected override void ReadArguments(global::Harness.Runtime.Serialization.MessageReader reader)", source, StringComparison.Ordinal);
        Assert.Contains("global::Harness.Runtime.Serialization.Codec<global::GenTest.Box<string?>>.Write(writer, Arg1);", source, StringComparison.Ordinal);
        Assert.Contains("Arg6 = global::Harness.Runtime.Serialization.Codec<global::GenTest.Pair?>.Read(reader);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_InRuntimeFriendAssembly_OverrideSerializationAsProtectedInternal()
    {
        var run = GeneratorHarness.Run(Source, assemblyName: "Harness.Runtime.Tests").AssertClean();
        var source = run.Sources["GenTest.IPeopleGrain.GrainReference.g.cs"];

        Assert.Contains("protected internal override void WriteArguments(global::Harness.Runtime.Serialization.MessageWriter writer)", source, StringComparison.Ordinal);
        Assert.Contains("protected internal override void ReadArguments(global::Harness.Runtime.Serialization.MessageReader reader)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_WithoutParameters_DoNotOverrideSerialization()
    {
        var run = GeneratorHarness.Run(Usings + """
            public enum Level
            {
                Low,
            }

            public interface IPlainGrain : IGrainWithStringKey
            {
                Task<Level> Get();
            }
            """).AssertClean();

        Assert.DoesNotContain("WriteArguments", run.AllSources, StringComparison.Ordinal);

        // Nothing of its own to serialize: no codec file, no module initializer.
        Assert.DoesNotContain("HarnessGeneratedCode.Codecs.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void LoadedAssembly_RequestsRoundTripTheirArguments()
    {
        var (registry, proxy, samples) = Load();

        foreach (var send in new[] { "SendSave", "SendBoxes" })
        {
            var runtime = (RecordingGrainReferenceRuntime)proxy.Runtime;
            _ = samples.GetMethod(send)!.Invoke(null, [proxy]);
            var request = runtime.Sent[^1].Request;
            var bytes = WriteArguments(request);

            var copy = registry.Methods[request.MethodId].Rent();
            var reader = new MessageReader(bytes);
            copy.ReadArguments(reader);
            Assert.Equal(0, reader.Remaining);

            Assert.Equal(bytes, WriteArguments(copy));
            for (var i = 0; i < request.ArgumentCount; i++)
            {
                Assert.Equal(Describe(samples, request.GetArgument(i)), Describe(samples, copy.GetArgument(i)));
                Assert.NotSame(request.GetArgument(i), copy.GetArgument(i));
            }
        }
    }

    [Fact]
    public void LoadedAssembly_DerivedInstanceForNonSealedClass_IsRefused()
    {
        var (_, proxy, samples) = Load();
        var runtime = (RecordingGrainReferenceRuntime)proxy.Runtime;
        _ = samples.GetMethod("SendDerivedAsBase")!.Invoke(null, [proxy]);

        var exception = Assert.Throws<NotSupportedException>(() => WriteArguments(runtime.Sent[^1].Request));
        Assert.Contains("GenTest.Derived", exception.Message, StringComparison.Ordinal);
        Assert.Contains("GenTest.Base", exception.Message, StringComparison.Ordinal);
    }

    private static (GrainCodeRegistry Registry, GrainReference Proxy, Type Samples) Load()
    {
        var assembly = LoadedAssembly.Value;
        var registry = new GrainCodeRegistry();
        registry.AddAssembly(assembly);
        var proxy = registry.Proxies[assembly.GetType("GenTest.IPeopleGrain", throwOnError: true)!](new RecordingGrainReferenceRuntime(), new GrainId("people", "1"));
        return (registry, proxy, assembly.GetType("GenTest.Samples", throwOnError: true)!);
    }

    private static readonly Lazy<System.Reflection.Assembly> LoadedAssembly = new(() => GeneratorHarness.EmitAndLoad(Run.Value.Output));

    private static string Describe(Type samples, object? value) => (string)samples.GetMethod("Describe")!.Invoke(null, [value])!;

    private static byte[] WriteArguments(Request request)
    {
        using var writer = new MessageWriter();
        request.WriteArguments(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The generated text of one codec class.</summary>
    private static string CodecOf(string className)
    {
        var start = Codecs.IndexOf($"internal sealed class {className} :", StringComparison.Ordinal);
        Assert.True(start >= 0, Codecs);
        var end = Codecs.IndexOf("internal sealed class ", start + 1, StringComparison.Ordinal);
        return end < 0 ? Codecs[start..] : Codecs[start..end];
    }
}
