using System.Collections.Generic;
using System.Linq;

namespace Harness.Runtime.Generator;

/// <summary>Emits the file of one grain interface: its proxy (the grain reference class) and a request class per method.</summary>
internal static class ProxyEmitter
{
    private const string GrainReference = "global::Harness.Runtime.CodeGeneration.GrainReference";

    public static string Emit(InterfaceModel model, CompilationModel compilation)
    {
        var writer = new SourceWriter();
        writer.WriteFileHeader();
        writer.Line($"namespace {model.GeneratedNamespace}");
        writer.Open();

        writer.Line(SourceWriter.GeneratedCodeAttribute);
        writer.Line($"internal sealed class {model.ProxyClassName} : {GrainReference}, {model.GlobalName}");
        writer.Open();
        writer.Line($"public {model.ProxyClassName}(global::Harness.Runtime.CodeGeneration.IGrainReferenceRuntime runtime, global::Harness.Runtime.GrainId grainId)");
        writer.Line("    : base(runtime, grainId)");
        writer.Open();
        writer.Close();
        foreach (var method in model.Methods)
        {
            writer.Line();
            EmitMethod(writer, model, method);
        }

        writer.Close();

        foreach (var method in model.Methods)
        {
            writer.Line();
            RequestEmitter.Emit(writer, model, method, compilation);
        }

        writer.Close();
        return writer.ToString();
    }

    private static void EmitMethod(SourceWriter writer, InterfaceModel model, MethodModel method)
    {
        var parameters = method.Parameters;
        var signature = string.Join(", ", parameters.Select(static p => $"{p.Type} {p.Name}"));
        var local = LocalName(parameters);

        writer.Line($"{method.ReturnType} {method.DeclaringInterface}.{SymbolNames.EscapeIdentifier(method.Name)}({signature})");
        writer.Open();
        writer.Line($"var {local} = {RequestEmitter.RequestPool}<global::{model.GeneratedNamespace}.{method.RequestClassName}>.Rent();");
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line($"{local}.{RequestEmitter.Arg(i)} = {parameters[i].Name};");
        }

        if (method.IsOneWay)
        {
            writer.Line($"this.InvokeOneWay({local});");
            writer.Line(method.ReturnKind == ReturnKind.Task ? "return global::System.Threading.Tasks.Task.CompletedTask;" : "return default;");
        }
        else
        {
            writer.Line(method.ReturnKind switch
            {
                ReturnKind.TaskOfT => $"return this.InvokeAsync({local}).AsTask();",
                ReturnKind.ValueTaskOfT => $"return this.InvokeAsync({local});",
                ReturnKind.Task => $"return this.InvokeVoidAsync({local}).AsTask();",
                _ => $"return this.InvokeVoidAsync({local});",
            });
        }

        writer.Close();
    }

    /// <summary>A name for the request local that no parameter uses.</summary>
    private static string LocalName(IEnumerable<ParameterModel> parameters)
    {
        var names = new HashSet<string>(parameters.Select(static p => p.Name.TrimStart('@')));
        var local = "request";
        while (names.Contains(local))
        {
            local = "_" + local;
        }

        return local;
    }
}
