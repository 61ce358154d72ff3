using System.Text;
using System.Text.Json;
using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains.Definitions;

/// <summary>
/// Reads chain definitions from JSON or YAML and validates them. YAML is converted to JSON first, so both formats
/// share one reader and one set of messages. <see cref="Parse(string, ChainDocumentFormat)"/> throws a
/// <see cref="ChainDefinitionException"/> listing every problem; the format is described in docs/chains.md.
/// </summary>
public static class ChainDefinitionParser
{
    /// <summary>Parses and validates a chain document with the default limits.</summary>
    /// <param name="text">The document.</param>
    /// <param name="format">Its format.</param>
    /// <returns>The valid definition.</returns>
    /// <exception cref="ChainDefinitionException">The document is invalid; the exception lists every problem.</exception>
    public static ChainDefinition Parse(string text, ChainDocumentFormat format) =>
        Parse(text, format, ChainDefinitionLimits.Default);

    /// <summary>Parses and validates a chain document.</summary>
    /// <param name="text">The document.</param>
    /// <param name="format">Its format.</param>
    /// <param name="limits">The size limits to enforce.</param>
    /// <returns>The valid definition.</returns>
    /// <exception cref="ChainDefinitionException">The document is invalid; the exception lists every problem.</exception>
    public static ChainDefinition Parse(string text, ChainDocumentFormat format, ChainDefinitionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > limits.MaxDocumentBytes)
        {
            throw new ChainDefinitionException(
            [
                new ChainDefinitionProblem(
                    "$",
                    $"document is too large: {byteCount} bytes, the limit is {limits.MaxDocumentBytes} bytes"),
            ]);
        }

        var json = format switch
        {
            ChainDocumentFormat.Json => text,
            ChainDocumentFormat.Yaml => YamlToJsonConverter.Convert(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown document format."),
        };

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new ChainDefinitionException(
                [new ChainDefinitionProblem("$", $"malformed JSON at line {line}, column {column}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var reader = new ChainDocumentReader(limits);
            var definition = reader.Read(document.RootElement);
            var problems = new List<ChainDefinitionProblem>(reader.Problems);
            if (definition is not null && !reader.Fatal)
            {
                var reported = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
                problems.AddRange(ChainDefinitionValidator.Validate(definition).Where(p => !reported.Contains(p.Path)));
            }

            if (problems.Count > 0 || definition is null)
            {
                throw new ChainDefinitionException(problems);
            }

            return definition;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
