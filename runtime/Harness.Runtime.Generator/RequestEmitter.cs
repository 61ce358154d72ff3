using System.Globalization;
using System.Linq;

namespace Harness.Runtime.Generator;

/// <summary>Emits the request class of one grain method: its arguments, metadata and the call on the grain.</summary>
internal static class RequestEmitter
{
    public const string RequestPool = "global::Harness.Runtime.CodeGeneration.RequestPool";
    public const string Codec = "global::Harness.Runtime.Serialization.Codec";
    public const string MessageWriter = "global::Harness.Runtime.Serialization.MessageWriter";
    public const string MessageReader = "global::Harness.Runtime.Serialization.MessageReader";

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
        writer.Line();
        writer.Line($"// FNV-1a (UTF-8) of {SymbolNames.Literal(method.Signature)}.");
        writer.Line($"public override uint MethodId => {UInt(method.MethodId)};");
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

        if (parameters.Count > 0)
        {
            writer.Line();
            EmitSerialization(writer, parameters, accessibility);
        }

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

    /// <summary>A <c>uint</c> literal (<c>123u</c>).</summary>
    public static string UInt(uint value) => value.ToString(CultureInfo.InvariantCulture) + "u";

    /// <summary>WriteArguments and ReadArguments: each argument through the codec of its declared type.</summary>
    private static void EmitSerialization(SourceWriter writer, EquatableArray<ParameterModel> parameters, string accessibility)
    {
        writer.Line($"{accessibility} override void WriteArguments({MessageWriter} writer)");
        writer.Open();
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line($"{Codec}<{parameters[i].Type}>.Write(writer, {Arg(i)});");
        }

        writer.Close();
        writer.Line();
        writer.Line($"{accessibility} override void ReadArguments({MessageReader} reader)");
        writer.Open();
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line($"{Arg(i)} = {Codec}<{parameters[i].Type}>.Read(reader);");
        }

        writer.Close();
    }

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
