using System.Globalization;
using System.Linq;

namespace Harness.Runtime.Generator;

/// <summary>Emits the request class of one grain method: its arguments, metadata and the call on the grain.</summary>
internal static class RequestEmitter
{
    public const string RequestPool = "global::Harness.Runtime.CodeGeneration.RequestPool";

    public static void Emit(SourceWriter writer, InterfaceModel owner, MethodModel method, CompilationModel compilation)
    {
        var requestClass = $"global::{owner.GeneratedNamespace}.{method.RequestClassName}";
        var parameters = method.Parameters;

        writer.Line(SourceWriter.GeneratedCodeAttribute);
        writer.Line($"internal sealed class {method.RequestClassName} : global::Harness.Runtime.CodeGeneration.Request<{method.ResultType}>");
        writer.Open();
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line($"public {parameters[i].Type} {Arg(i)} = default!;");
        }

        if (parameters.Count > 0)
        {
            writer.Line();
        }

        writer.Line($"public override string InterfaceName => {SymbolNames.Literal(method.DeclaringInterfaceName)};");
        writer.Line();
        writer.Line($"public override string MethodName => {SymbolNames.Literal(method.Name)};");
        writer.Line();
        writer.Line($"public override global::System.Type InterfaceType => typeof({method.DeclaringInterface});");
        writer.Line();
        writer.Line($"public override int ArgumentCount => {parameters.Count.ToString(CultureInfo.InvariantCulture)};");
        if (method.IsAlwaysInterleave)
        {
            writer.Line();
            writer.Line("public override bool IsAlwaysInterleave => true;");
        }

        if (method.ResponseTimeoutTicks is { } ticks)
        {
            writer.Line();
            writer.Line($"public override global::System.TimeSpan? ResponseTimeout => global::System.TimeSpan.FromTicks({ticks.ToString(CultureInfo.InvariantCulture)}L);");
        }

        writer.Line();
        EmitGetArgument(writer, parameters.Count);

        writer.Line();
        var accessibility = compilation.HasInternalAccessToRuntime ? "protected internal" : "protected";
        var arguments = string.Join(", ", Enumerable.Range(0, parameters.Count).Select(Arg));
        var suppression = method.ReturnTypeIsNullable ? "!" : string.Empty;
        writer.Line($"{accessibility} override global::System.Threading.Tasks.ValueTask InvokeCore(object grain) =>");
        writer.Line($"    Complete((({method.DeclaringInterface})grain).{SymbolNames.EscapeIdentifier(method.Name)}({arguments}){suppression});");

        writer.Line();
        writer.Line("protected override void ResetArguments()");
        writer.Open();
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line($"{Arg(i)} = default!;");
        }

        writer.Close();

        writer.Line();
        writer.Line($"protected override void ReturnToPool() => {RequestPool}<{requestClass}>.Return(this);");
        writer.Close();
    }

    public static string Arg(int index) => "Arg" + index.ToString(CultureInfo.InvariantCulture);

    private static void EmitGetArgument(SourceWriter writer, int count)
    {
        if (count == 0)
        {
            writer.Line("public override object? GetArgument(int index) => throw new global::System.ArgumentOutOfRangeException(nameof(index));");
            return;
        }

        writer.Line("public override object? GetArgument(int index) => index switch");
        writer.Open();
        for (var i = 0; i < count; i++)
        {
            writer.Line($"{i.ToString(CultureInfo.InvariantCulture)} => {Arg(i)},");
        }

        writer.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(index)),");
        writer.Close(";");
    }
}
