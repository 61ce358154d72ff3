using Harness.Runtime.CodeGeneration;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>Grain classes: the registration's constructor call, persistent-state descriptors and the diagnostics.</summary>
public sealed class GrainClassGenerationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Harness.Runtime;
        using Harness.Runtime.Storage;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        namespace GenTest;

        public sealed class ProfileState
        {
            public string Name { get; set; } = "";
        }

        public sealed class CartState
        {
            public List<string> Items { get; set; } = [];
        }

        public interface IClock
        {
        }


        """;

    [Fact]
    public void Generator_GrainClassWithPersistentState_RegistersFactoryAndDescriptors()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IProfileGrain : IGrainWithStringKey
            {
                Task<string> GetName();
            }

            internal sealed class ProfileGrain(
                [PersistentState("profile", "store")] IPersistentState<ProfileState> profile,
                ILogger<ProfileGrain> logger,
                [PersistentState("cart")] IPersistentState<CartState> @class,
                IClock? clock) : Grain, IProfileGrain
            {
                public Task<string> GetName() => Task.FromResult(profile.State.Name + @class.State.Items.Count + logger + clock);
            }
            """).AssertClean();

        var registration = run.Sources["HarnessGeneratedCode.Registration.g.cs"];
        Assert.Contains("registry.AddGrainClass<global::GenTest.ProfileGrain>(", registration, StringComparison.Ordinal);
        Assert.Contains("context.GetPersistentState<global::GenTest.ProfileState>(\"profile\", \"store\"),", registration, StringComparison.Ordinal);
        Assert.Contains("context.GetRequiredService<global::Microsoft.Extensions.Logging.ILogger<global::GenTest.ProfileGrain>>(),", registration, StringComparison.Ordinal);
        Assert.Contains("context.GetPersistentState<global::GenTest.CartState>(\"cart\", null),", registration, StringComparison.Ordinal);
        Assert.Contains("context.GetRequiredService<global::GenTest.IClock>()),", registration, StringComparison.Ordinal);
        Assert.Contains("new global::Harness.Runtime.CodeGeneration.PersistentStateDescriptor(\"profile\", \"store\", \"profile\"),", registration, StringComparison.Ordinal);
        Assert.Contains("new global::Harness.Runtime.CodeGeneration.PersistentStateDescriptor(\"cart\", null, \"class\"));", registration, StringComparison.Ordinal);

        // Loaded, the registration hands the runtime the class and its states.
        var assembly = GeneratorHarness.EmitAndLoad(run.Output);
        var registry = new GrainCodeRegistry();
        registry.AddAssembly(assembly);
        var registered = Assert.Single(registry.Classes, c => c.GrainClass.Assembly == assembly);
        Assert.Equal("GenTest.ProfileGrain", registered.GrainClass.FullName);
        Assert.Equal(
            [new PersistentStateDescriptor("profile", "store", "profile"), new PersistentStateDescriptor("cart", null, "class")],
            registered.PersistentStates);
        Assert.Single(registry.Proxies.Keys, t => t.Assembly == assembly);
    }

    [Fact]
    public void Generator_GrainClasses_WithoutParametersOrInterfaces_AreRegistered()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class PlainGrain : Grain
            {
            }

            public abstract class BaseGrain<T> : Grain
            {
            }

            public sealed class IntGrain : BaseGrain<int>
            {
                public IntGrain(IClock clock)
                {
                    _ = clock;
                }
            }

            public static class Holder
            {
                internal sealed class NestedGrain : Grain
                {
                }
            }
            """).AssertClean();

        var registration = run.Sources["HarnessGeneratedCode.Registration.g.cs"];
        Assert.Contains("registry.AddGrainClass<global::GenTest.PlainGrain>(\n                static context => new global::GenTest.PlainGrain());", registration, StringComparison.Ordinal);
        Assert.Contains("static context => new global::GenTest.IntGrain(\n                    context.GetRequiredService<global::GenTest.IClock>()));", registration, StringComparison.Ordinal);
        Assert.Contains("registry.AddGrainClass<global::GenTest.Holder.NestedGrain>(", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("BaseGrain", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_SeveralConstructorsOneMarked_UsesTheMarkedOne()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class ChoosyGrain : Grain
            {
                public ChoosyGrain()
                {
                }

                [ActivatorUtilitiesConstructor]
                public ChoosyGrain(IClock clock, [PersistentState("s")] IPersistentState<CartState> state)
                {
                    _ = clock;
                    _ = state;
                }
            }
            """).AssertClean();

        Assert.Contains("new global::GenTest.ChoosyGrain(\n                    context.GetRequiredService<global::GenTest.IClock>(),", run.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_GrainClassWithTwoPublicConstructors_ReportsHRN0009()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class AmbiguousGrain : Grain
            {
                public AmbiguousGrain()
                {
                }

                public AmbiguousGrain(IClock clock)
                {
                    _ = clock;
                }
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0009"), "GenTest.AmbiguousGrain", "2 public constructors", "[ActivatorUtilitiesConstructor]");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Generator_GrainClassWithoutPublicConstructor_ReportsHRN0010()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class ShyGrain : Grain
            {
                internal ShyGrain()
                {
                }
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0010"), "GenTest.ShyGrain");
    }

    [Fact]
    public void Generator_PersistentStateOnOtherType_ReportsHRN0011()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class WrongStateGrain([PersistentState("profile")] ProfileState profile) : Grain
            {
                public ProfileState Profile => profile;
            }
            """);

        var diagnostic = run.AssertSingleDiagnostic("HRN0011");
        AssertMentions(diagnostic, "GenTest.WrongStateGrain", "'profile'", "ProfileState", "IPersistentState<TState>");
        var line = run.Input.SyntaxTrees.Single().GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString();
        Assert.Contains("ProfileState profile", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_GenericGrainClass_ReportsHRN0012()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class BoxGrain<T> : Grain
            {
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0012"), "GenTest.BoxGrain<T>");
    }

    [Fact]
    public void Generator_PrivateNestedGrainClass_ReportsHRN0013()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class Holder
            {
                private sealed class SecretGrain : Grain
                {
                }
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0013"), "Grain class 'GenTest.Holder.SecretGrain'", "private");
    }

    [Fact]
    public void Generator_DuplicateStateName_ReportsHRN0014()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class TwinGrain(
                [PersistentState("state")] IPersistentState<CartState> first,
                [PersistentState("state", "other")] IPersistentState<ProfileState> second) : Grain
            {
                public object Both => (first, second);
            }
            """);

        AssertMentions(run.AssertSingleDiagnostic("HRN0014"), "GenTest.TwinGrain", "'second'", "\"state\"");
    }

    private static void AssertMentions(Diagnostic diagnostic, params string[] parts)
    {
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in parts)
        {
            Assert.Contains(part, message, StringComparison.Ordinal);
        }
    }
}
