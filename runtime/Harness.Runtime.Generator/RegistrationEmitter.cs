using System.Collections.Generic;
using System.Linq;

namespace Harness.Runtime.Generator;

/// <summary>
/// Emits the assembly's <c>HarnessGeneratedCode</c>: it registers every proxy and grain class factory, and the
/// assembly attribute that points the runtime at it.
/// </summary>
internal static class RegistrationEmitter
{
    public const string ClassName = "HarnessGeneratedCode";
    public const string HintName = "HarnessGeneratedCode.Registration.g.cs";

    public static string Emit(IReadOnlyList<InterfaceModel> interfaces, IReadOnlyList<GrainClassModel> grainClasses, CompilationModel compilation)
    {
        var ns = "HarnessGenerated." + compilation.AssemblyIdentifier;
        var writer = new SourceWriter();
        writer.WriteFileHeader();
        writer.Line($"[assembly: global::Harness.Runtime.CodeGeneration.GeneratedGrainCodeAttribute(typeof(global::{ns}.{ClassName}))]");
        writer.Line();
        writer.Line($"namespace {ns}");
        writer.Open();
        writer.Line(SourceWriter.GeneratedCodeAttribute);
        writer.Line($"internal sealed class {ClassName} : global::Harness.Runtime.CodeGeneration.IGeneratedGrainCode");
        writer.Open();
        writer.Line("public void Register(global::Harness.Runtime.CodeGeneration.GrainCodeRegistry registry)");
        writer.Open();
        var ordered = interfaces.OrderBy(static i => i.FullName, System.StringComparer.Ordinal).ToList();
        foreach (var model in ordered)
        {
            writer.Line($"registry.AddInterface<{model.GlobalName}>(static (runtime, grainId) => new {model.ProxyGlobalName}(runtime, grainId));");
        }

        // Every method by its wire id, so a silo can rebuild a call that arrived from another one.
        foreach (var model in ordered)
        {
            foreach (var method in model.Methods)
            {
                writer.Line(
                    $"registry.AddMethod({RequestEmitter.UInt(method.MethodId)}, {SymbolNames.Literal(method.Signature)}, static () => {RequestEmitter.RequestPool}<global::{model.GeneratedNamespace}.{method.RequestClassName}>.Rent());");
            }
        }

        foreach (var model in grainClasses.OrderBy(static c => c.FullName, System.StringComparer.Ordinal))
        {
            EmitGrainClass(writer, model);
        }

        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static void EmitGrainClass(SourceWriter writer, GrainClassModel model)
    {
        var arguments = model.Arguments;
        var states = arguments.Where(static a => a.IsPersistentState).ToList();
        writer.Line($"registry.AddGrainClass<{model.GlobalName}>(");
        if (arguments.Count == 0)
        {
            writer.Line($"    static context => new {model.GlobalName}(){(states.Count == 0 ? ");" : ",")}");
        }
        else
        {
            writer.Line($"    static context => new {model.GlobalName}(");
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                var value = argument.IsPersistentState
                    ? $"context.GetPersistentState<{argument.Type}>({SymbolNames.Literal(argument.StateName)}, {SymbolNames.Literal(argument.StorageName)})"
                    : $"context.GetRequiredService<{argument.Type}>()";
                var end = i < arguments.Count - 1 ? "," : states.Count == 0 ? "));" : "),";
                writer.Line($"        {value}{end}");
            }
        }

        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            var end = i < states.Count - 1 ? "," : ");";
            writer.Line(
                $"    new global::Harness.Runtime.CodeGeneration.PersistentStateDescriptor({SymbolNames.Literal(state.StateName)}, {SymbolNames.Literal(state.StorageName)}, {SymbolNames.Literal(state.ParameterName)}){end}");
        }
    }
}
