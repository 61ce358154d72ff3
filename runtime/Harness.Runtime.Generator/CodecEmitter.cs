using System.Collections.Generic;
using System.Linq;

namespace Harness.Runtime.Generator;

/// <summary>
/// Emits the codecs of the types this compilation's grain methods send and receive, and the module initializer
/// that registers them with the runtime before any of the assembly's code runs.
/// </summary>
internal static class CodecEmitter
{
    public const string ClassName = "HarnessGeneratedCodecs";
    public const string HintName = "HarnessGeneratedCode.Codecs.g.cs";

    private const string ICodec = "global::Harness.Runtime.Serialization.ICodec";
    private const string CodecRegistry = "global::Harness.Runtime.Serialization.CodecRegistry";

    /// <summary>The distinct codecs of all interfaces (one per type), ordered by type name.</summary>
    public static List<CodecModel> Collect(IEnumerable<InterfaceModel> interfaces) =>
        [.. interfaces
            .SelectMany(static i => i.Codecs)
            .OrderBy(static c => c.FullName, System.StringComparer.Ordinal)
            .ThenBy(static c => c.GlobalName, System.StringComparer.Ordinal)
            .GroupBy(static c => c.FullName, System.StringComparer.Ordinal)
            .Select(static g => g.First())];

    public static string Emit(IReadOnlyList<CodecModel> codecs, CompilationModel compilation)
    {
        var ns = "HarnessGenerated." + compilation.AssemblyIdentifier;
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var classNames = new List<string>(codecs.Count);
        foreach (var codec in codecs)
        {
            var name = SymbolNames.ToIdentifier(codec.FullName.Replace('.', '_')) + "Codec";
            var unique = name;
            for (var i = 2; !names.Add(unique); i++)
            {
                unique = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            classNames.Add(unique);
        }

        var writer = new SourceWriter();
        writer.WriteFileHeader();
        writer.Line($"namespace {ns}");
        writer.Open();
        writer.Line(SourceWriter.GeneratedCodeAttribute);
        writer.Line($"internal static class {ClassName}");
        writer.Open();
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Line("internal static void RegisterCodecs()");
        writer.Open();
        for (var i = 0; i < codecs.Count; i++)
        {
            writer.Line($"{CodecRegistry}.Register<{ValueType(codecs[i])}>(new global::{ns}.{classNames[i]}());");
        }

        writer.Close();
        writer.Close();
        for (var i = 0; i < codecs.Count; i++)
        {
            writer.Line();
            EmitCodec(writer, codecs[i], classNames[i]);
        }

        writer.Close();
        return writer.ToString();
    }

    /// <summary>The codec's type argument: reference types are nullable (a presence byte says whether a value follows).</summary>
    private static string ValueType(CodecModel codec) => codec.IsReferenceType ? codec.GlobalName + "?" : codec.GlobalName;

    private static void EmitCodec(SourceWriter writer, CodecModel codec, string className)
    {
        var valueType = ValueType(codec);
        var properties = codec.Properties;
        writer.Line(SourceWriter.GeneratedCodeAttribute);
        writer.Line($"internal sealed class {className} : {ICodec}<{valueType}>");
        writer.Open();
        writer.Line($"public void Write({RequestEmitter.MessageWriter} writer, {valueType} value)");
        writer.Open();
        if (codec.IsReferenceType)
        {
            writer.Line("writer.WriteBoolean(value is not null);");
            writer.Line("if (value is null)");
            writer.Open();
            writer.Line("return;");
            writer.Close();
        }

        if (codec.ChecksRuntimeType)
        {
            writer.Line();
            writer.Line($"if (value.GetType() != typeof({codec.GlobalName}))");
            writer.Open();
            writer.Line("throw new global::System.NotSupportedException(");
            writer.Line($"    \"Cannot send a \" + value.GetType().FullName + \" where {Escape(codec.FullName)} is declared: only the declared type crosses silos and the data of a derived type would be lost; declare the parameter, result or property with the type sent, or seal {Escape(codec.FullName)}.\");");
            writer.Close();
        }

        if (codec.IsReferenceType && properties.Count > 0)
        {
            writer.Line();
        }

        foreach (var property in properties)
        {
            writer.Line($"{RequestEmitter.Codec}<{property.Type}>.Write(writer, value.{property.Name});");
        }

        writer.Close();
        writer.Line();
        writer.Line($"public {valueType} Read({RequestEmitter.MessageReader} reader)");
        writer.Open();
        if (codec.IsReferenceType)
        {
            writer.Line("if (!reader.ReadBoolean())");
            writer.Open();
            writer.Line("return null;");
            writer.Close();
            writer.Line();
        }

        for (var i = 0; i < properties.Count; i++)
        {
            writer.Line($"var {Local(i)} = {RequestEmitter.Codec}<{properties[i].ReadType}>.Read(reader);");
        }

        var arguments = string.Join(", ", codec.ConstructorArguments.Select(Local));
        var initialized = Enumerable.Range(0, properties.Count).Where(i => properties[i].InInitializer).ToList();
        if (initialized.Count == 0)
        {
            writer.Line($"return new {codec.GlobalName}({arguments});");
        }
        else
        {
            writer.Line(codec.ConstructorArguments.IsEmpty ? $"return new {codec.GlobalName}" : $"return new {codec.GlobalName}({arguments})");
            writer.Open();
            foreach (var i in initialized)
            {
                writer.Line($"{properties[i].Name} = {Local(i)},");
            }

            writer.Close(";");
        }

        writer.Close();
        writer.Close();
    }

    private static string Local(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Text for inside a C# string literal.</summary>
    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
