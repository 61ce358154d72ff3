using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Runtime.CodeGeneration;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>
/// Wire ids of grain methods: FNV-1a (32 bits) of the UTF-8 bytes of "Interface.Method(type,type,...)", types fully
/// qualified without global:: and without nullable annotations; checked here against an independent FNV-1a.
/// </summary>
public sealed partial class MethodIdTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest;


        """;

    private const string Source = Usings + """
        public interface IIdGrain : IGrainWithStringKey
        {
            Task<int> Add(int a, int b);

            Task<int> Add(int a, CancellationToken cancellationToken);

            Task<int> Add(long a, int b);

            Task<string?> Echo(string? text, List<string?>? items);

            Task Run();
        }

        public interface IDerivedIdGrain : IIdGrain
        {
            Task<Guid> Own(Guid id, DateTimeOffset[] when);
        }
        """;

    [Fact]
    public void Fnv1a_TestImplementation_MatchesPublishedVectors()
    {
        Assert.Equal(0x811c9dc5u, Fnv1a(string.Empty));
        Assert.Equal(0xe40c292cu, Fnv1a("a"));
        Assert.Equal(0xbf9cf968u, Fnv1a("foobar"));
    }

    [Fact]
    public void MethodId_IsFnv1aOfTheSignatureString()
    {
        var ids = MethodIds(GeneratorHarness.Run(Source).AssertClean());

        // A literal, so that a change of the hash input or the algorithm (which breaks mixed-version clusters) fails here.
        Assert.Equal(1145408180u, ids["GenTest.IIdGrain.Add(int,int)"]);
        Assert.Equal(Fnv1a("GenTest.IIdGrain.Add(int,int)"), ids["GenTest.IIdGrain.Add(int,int)"]);
        Assert.Equal(696596927u, ids["GenTest.IIdGrain.Echo(string,System.Collections.Generic.List<string>)"]);
        Assert.Equal(Fnv1a("GenTest.IIdGrain.Run()"), ids["GenTest.IIdGrain.Run()"]);
        Assert.Equal(Fnv1a("GenTest.IDerivedIdGrain.Own(System.Guid,System.DateTimeOffset[])"), ids["GenTest.IDerivedIdGrain.Own(System.Guid,System.DateTimeOffset[])"]);
        foreach (var (signature, id) in ids)
        {
            Assert.Equal(Fnv1a(signature), id);
        }
    }

    [Fact]
    public void MethodId_Overloads_Differ()
    {
        var ids = MethodIds(GeneratorHarness.Run(Source).AssertClean());

        uint[] overloads =
        [
            ids["GenTest.IIdGrain.Add(int,int)"],
            ids["GenTest.IIdGrain.Add(int,System.Threading.CancellationToken)"],
            ids["GenTest.IIdGrain.Add(long,int)"],
        ];
        Assert.Equal(3, overloads.Distinct().Count());
        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
    }

    [Fact]
    public void MethodId_IgnoresNullableAnnotations()
    {
        var annotated = MethodIds(GeneratorHarness.Run(Usings + """
            public interface IIdGrain : IGrainWithStringKey
            {
                Task<string?> Echo(string? text, List<string?>? items);
            }
            """).AssertClean());
        var plain = MethodIds(GeneratorHarness.Run(Usings + """
            public interface IIdGrain : IGrainWithStringKey
            {
                Task<string> Echo(string text, List<string> items);
            }
            """).AssertClean());

        var signature = "GenTest.IIdGrain.Echo(string,System.Collections.Generic.List<string>)";
        Assert.Equal(Fnv1a(signature), Assert.Single(annotated, p => p.Key == signature).Value);
        Assert.Equal(annotated, plain);
    }

    [Fact]
    public void MethodId_IsTheSameAcrossRunsAndAssemblies()
    {
        var first = MethodIds(GeneratorHarness.Run(Source, assemblyName: "First").AssertClean());
        var second = MethodIds(GeneratorHarness.Run(Source, assemblyName: "Second").AssertClean());

        Assert.Equal(first, second);
    }

    [Fact]
    public void MethodId_InheritedMethod_KeepsTheDeclaringInterfacesSignature()
    {
        var source = GeneratorHarness.Run(Source).AssertClean().Sources["GenTest.IDerivedIdGrain.GrainReference.g.cs"];

        Assert.Contains($"public override uint MethodId => {Fnv1a("GenTest.IIdGrain.Run()")}u;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_AddsEveryMethodById_AndRentsItsRequestType()
    {
        var run = GeneratorHarness.Run(Source, assemblyName: "MethodIdRegistration").AssertClean();
        var ids = MethodIds(run);
        var registration = run.Sources["HarnessGeneratedCode.Registration.g.cs"];
        Assert.Contains(
            "registry.AddMethod(1145408180u, \"GenTest.IIdGrain.Add(int,int)\", static () => global::Harness.Runtime.CodeGeneration.RequestPool<global::GenTest.HarnessGenerated.IIdGrain_Add_Request_0>.Rent());",
            registration,
            StringComparison.Ordinal);

        var registry = new GrainCodeRegistry();
        registry.AddAssembly(GeneratorHarness.EmitAndLoad(run.Output));

        foreach (var (signature, id) in ids)
        {
            var method = registry.Methods[id];
            Assert.Equal(signature, method.Name);
            var request = method.Rent();
            Assert.Equal(id, request.MethodId);
            Assert.StartsWith(request.InterfaceName + "." + request.MethodName + "(", signature, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Registration_SameMethodThroughTwoProxies_DoesNotCollide()
    {
        // IIdGrain.Run is registered by the IIdGrain proxy and again by the IDerivedIdGrain proxy: same id, same name.
        var run = GeneratorHarness.Run(Source, assemblyName: "MethodIdInherited").AssertClean();
        var registration = run.Sources["HarnessGeneratedCode.Registration.g.cs"];
        Assert.Equal(2, Regex.Count(registration, Regex.Escape("\"GenTest.IIdGrain.Run()\"")));

        var registry = new GrainCodeRegistry();
        registry.AddAssembly(GeneratorHarness.EmitAndLoad(run.Output));

        Assert.Equal("GenTest.IIdGrain.Run()", registry.Methods[Fnv1a("GenTest.IIdGrain.Run()")].Name);
    }

    /// <summary>FNV-1a, 32 bits, over UTF-8: written independently of the generator.</summary>
    internal static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash == 0 ? 1u : hash;
    }

    /// <summary>The method ids of every generated request class, by the signature named in the comment above each.</summary>
    internal static Dictionary<string, uint> MethodIds(GeneratorRun run)
    {
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (Match match in MethodIdPattern().Matches(run.AllSources))
        {
            var signature = match.Groups["signature"].Value;
            var id = uint.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
            if (ids.TryGetValue(signature, out var existing))
            {
                Assert.Equal(existing, id);
            }

            ids[signature] = id;
        }

        Assert.NotEmpty(ids);
        return ids;
    }

    [GeneratedRegex("// FNV-1a \\(UTF-8\\) of \"(?<signature>[^\"]*)\"\\.\\n\\s*public override uint MethodId => (?<id>\\d+)u;")]
    private static partial Regex MethodIdPattern();
}
