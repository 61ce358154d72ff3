using Microsoft.CodeAnalysis;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

public sealed class GrainInterfaceGenerationTests
{
    /// <summary>A representative set of grain interfaces: every return shape, attribute and awkward parameter the generator supports.</summary>
    public const string RepresentativeSource = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest
        {
            public sealed class Payload
            {
                public sealed class Inner
                {
                    public int Value { get; set; }
                }
            }

            public enum Color
            {
                Red,
                Green,
            }

            public sealed record Summary(int Count, string? Last);

            public readonly record struct Pair(int A, string B);

            public interface ICounterGrain : IGrainWithStringKey
            {
                Task<int> Add(int amount, CancellationToken cancellationToken);

                Task<int> Add(int amount, int times);

                ValueTask<long> GetTotal();

                Task Reset();

                ValueTask Touch();

                [OneWay]
                Task Ping(string message);

                [OneWay]
                ValueTask PingFast();

                [AlwaysInterleave]
                Task<string> Describe();

                [ResponseTimeout("00:00:05")]
                Task<string?> FindName(string? prefix, int? limit);

                Task<Summary> Summarize(Pair pair, int[] values, List<Payload.Inner?>? items);

                Task<Payload.Inner> Nested(Payload.Inner inner, Color color, Dictionary<string, List<Color>> map);

                Task Keywords(int @class, string @event, long @params, int request, int InvokeAsync);

                Task Many(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j);

                Task WithParams(params string[] names);

                Task WithDefault(int value = 42, string? text = null);

                Task<int> WithBody(int x) => Task.FromResult(x);

                static Task StaticHelper() => Task.CompletedTask;

                Task @checked(int @default);
            }

            public interface INamed
            {
                Task<string> GetName();
            }

            public interface IBaseGrain : IGrainWithGuidKey
            {
                Task<int> GetVersion();

                Task<int> Add(int amount, CancellationToken cancellationToken);
            }

            public interface IDerivedGrain : IBaseGrain, INamed
            {
                new Task<int> GetVersion();

                Task SetName(string name);
            }

            public interface IQuery<T>
            {
                Task<T> Query(T seed);
            }

            public interface IQueryGrain : IGrainWithStringKey, IQuery<int>, IQuery<string?>
            {
            }

            public interface IDiamondGrain : IDerivedGrain, IBaseGrain, IQueryGrain
            {
            }

            public static class Outer
            {
                public interface INestedGrain : IGrainWithIntegerKey
                {
                    Task<GrainId> Self();
                }

                internal static class Deeper
                {
                    internal interface INestedGrain : IGrainWithIntegerKey
                    {
                        Task<int> Depth();
                    }
                }
            }

            public interface IReminderAwareGrain : Harness.Runtime.Reminders.IRemindable, IGrainWithStringKey
            {
                Task Start();
            }

            public partial interface IPartialGrain : IGrainWithStringKey
            {
                Task First();
            }

            public partial interface IPartialGrain
            {
                Task Second();
            }

            [Obsolete("old")]
            public sealed class OldThing
            {
            }

            public interface IObsoleteUserGrain : IGrainWithStringKey
            {
                [Obsolete("use something else")]
                Task<OldThing> Old(OldThing thing);
            }
        }

        public interface IGlobalGrain : IGrainWithStringKey
        {
            Task Run();
        }

        namespace GenTest.Other
        {
            public interface ICounterGrain : IGrainWithStringKey
            {
                Task<int> Get();
            }
        }
        """;

    [Fact]
    public void Generator_RepresentativeInterfaces_CompileWithoutErrorsOrWarnings()
    {
        var run = GeneratorHarness.Run(RepresentativeSource).AssertClean();

        Assert.Contains("GenTest.ICounterGrain.GrainReference.g.cs", run.Sources.Keys);
        Assert.Contains("GenTest.Other.ICounterGrain.GrainReference.g.cs", run.Sources.Keys);
        Assert.Contains("GenTest.Outer+INestedGrain.GrainReference.g.cs", run.Sources.Keys);
        Assert.Contains("GenTest.Outer+Deeper+INestedGrain.GrainReference.g.cs", run.Sources.Keys);
        Assert.Contains("IGlobalGrain.GrainReference.g.cs", run.Sources.Keys);
        Assert.Contains(RegistrationHintName, run.Sources.Keys);
    }

    [Fact]
    public void Generator_EveryGrainInterface_IsRegisteredWithItsProxy()
    {
        var registration = GeneratorHarness.Run(RepresentativeSource).AssertClean().Sources[RegistrationHintName];

        Assert.Contains("[assembly: global::Harness.Runtime.CodeGeneration.GeneratedGrainCodeAttribute(typeof(global::HarnessGenerated.GeneratorTests.HarnessGeneratedCode))]", registration, StringComparison.Ordinal);
        foreach (var (iface, proxy) in new[]
        {
            ("global::GenTest.ICounterGrain", "global::GenTest.HarnessGenerated.ICounterGrain_Proxy"),
            ("global::GenTest.Other.ICounterGrain", "global::GenTest.Other.HarnessGenerated.ICounterGrain_Proxy"),
            ("global::GenTest.IDerivedGrain", "global::GenTest.HarnessGenerated.IDerivedGrain_Proxy"),
            ("global::GenTest.Outer.INestedGrain", "global::GenTest.HarnessGenerated.Outer_INestedGrain_Proxy"),
            ("global::GenTest.Outer.Deeper.INestedGrain", "global::GenTest.HarnessGenerated.Outer_Deeper_INestedGrain_Proxy"),
            ("global::GenTest.IPartialGrain", "global::GenTest.HarnessGenerated.IPartialGrain_Proxy"),
            ("global::GenTest.IQueryGrain", "global::GenTest.HarnessGenerated.IQueryGrain_Proxy"),
            ("global::GenTest.IDiamondGrain", "global::GenTest.HarnessGenerated.IDiamondGrain_Proxy"),
            ("global::IGlobalGrain", "global::HarnessGenerated.IGlobalGrain_Proxy"),
        })
        {
            Assert.Contains($"registry.AddInterface<{iface}>(static (runtime, grainId) => new {proxy}(runtime, grainId));", registration, StringComparison.Ordinal);
        }

        // The runtime's own markers and non-grain interfaces get no proxy.
        Assert.DoesNotContain("INamed>", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("IGrainWithStringKey>", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_DerivedInterface_ProxyImplementsInheritedMethods()
    {
        var source = GeneratorHarness.Run(RepresentativeSource).AssertClean()
            .Sources["GenTest.IDerivedGrain.GrainReference.g.cs"];

        Assert.Contains("global::System.Threading.Tasks.Task<int> global::GenTest.IDerivedGrain.GetVersion()", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<int> global::GenTest.IBaseGrain.GetVersion()", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<string> global::GenTest.INamed.GetName()", source, StringComparison.Ordinal);
        Assert.Contains("public override string InterfaceName => \"GenTest.INamed\";", source, StringComparison.Ordinal);
        Assert.Contains("public override global::System.Type InterfaceType => typeof(global::GenTest.IBaseGrain);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_ConstructedGenericBaseInterfaces_AreImplementedOncePerConstruction()
    {
        var source = GeneratorHarness.Run(RepresentativeSource).AssertClean()
            .Sources["GenTest.IQueryGrain.GrainReference.g.cs"];

        Assert.Contains("global::System.Threading.Tasks.Task<int> global::GenTest.IQuery<int>.Query(int seed)", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<string?> global::GenTest.IQuery<string?>.Query(string? seed)", source, StringComparison.Ordinal);
        Assert.Contains("public override string InterfaceName => \"GenTest.IQuery<string?>\";", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_MethodAttributes_BecomeRequestOverrides()
    {
        var source = GeneratorHarness.Run(RepresentativeSource).AssertClean()
            .Sources["GenTest.ICounterGrain.GrainReference.g.cs"];

        Assert.Contains("public override global::System.TimeSpan? ResponseTimeout => global::System.TimeSpan.FromTicks(50000000L);", source, StringComparison.Ordinal);
        Assert.Single(AllIndexesOf(source, "public override bool IsAlwaysInterleave => true;"));
        Assert.Single(AllIndexesOf(source, "ResponseTimeout =>"));
        Assert.Equal(2, AllIndexesOf(source, "this.InvokeOneWay(").Count);
        Assert.Contains("return global::System.Threading.Tasks.Task.CompletedTask;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_Overloads_GetDistinctRequestClasses()
    {
        var source = GeneratorHarness.Run(RepresentativeSource).AssertClean()
            .Sources["GenTest.ICounterGrain.GrainReference.g.cs"];

        Assert.Contains("internal sealed class ICounterGrain_Add_Request_0 : global::Harness.Runtime.CodeGeneration.Request<int>", source, StringComparison.Ordinal);
        Assert.Contains("internal sealed class ICounterGrain_Add_Request_1 : global::Harness.Runtime.CodeGeneration.Request<int>", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_KeywordAndClashingParameterNames_AreEscaped()
    {
        var source = GeneratorHarness.Run(RepresentativeSource).AssertClean()
            .Sources["GenTest.ICounterGrain.GrainReference.g.cs"];

        Assert.Contains("int @class, string @event, long @params, int request, int InvokeAsync", source, StringComparison.Ordinal);
        Assert.Contains("var _request = ", source, StringComparison.Ordinal);
        Assert.Contains("global::GenTest.ICounterGrain.@checked(int @default)", source, StringComparison.Ordinal);
        Assert.Contains("public override string MethodName => \"checked\";", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_InRuntimeFriendAssembly_OverridesInvokeCoreAsProtectedInternal()
    {
        // The runtime grants this assembly name its internals; overrides of protected internal members must say so.
        var run = GeneratorHarness.Run(RepresentativeSource, assemblyName: "Harness.Runtime.Tests").AssertClean();

        Assert.Contains("protected internal override global::System.Threading.Tasks.ValueTask InvokeCore(object grain)", run.Sources["GenTest.ICounterGrain.GrainReference.g.cs"], StringComparison.Ordinal);
        Assert.Contains("namespace HarnessGenerated.Harness_Runtime_Tests", run.Sources[RegistrationHintName], StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_NoGrainTypes_GeneratesNothing()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;

            namespace GenTest;

            public interface IPlain : System.IDisposable
            {
                Task Run();
            }
            """).AssertClean();

        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Generator_UnrelatedEdit_ReusesCachedOutputs()
    {
        var compilation = GeneratorHarness.CreateCompilation([RepresentativeSource]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace GenTest; public sealed class Unrelated { public int X { get; set; } }",
            (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)compilation.SyntaxTrees.First().Options));
        driver = driver.RunGenerators(edited);

        var result = Assert.Single(driver.GetRunResult().Results);
        var outputs = result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, static o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"An output was recomputed ({o.Reason}): models must compare equal across compilations."));
    }

    private const string RegistrationHintName = "HarnessGeneratedCode.Registration.g.cs";

    private static List<int> AllIndexesOf(string text, string value)
    {
        var indexes = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            indexes.Add(i);
        }

        return indexes;
    }
}
