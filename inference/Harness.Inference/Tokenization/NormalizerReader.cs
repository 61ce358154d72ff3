using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Inference.Tokenization;

/// <summary>Reads the <c>normalizer</c> of a <c>tokenizer.json</c>.</summary>
internal static class NormalizerReader
{
    public static TextNormalizer Read(JsonFields fields, JsonElement root)
    {
        var steps = new List<TextRewrite>();
        if (fields.OptionalObject(root, "normalizer", "$") is { } normalizer)
        {
            Add(fields, normalizer, "$.normalizer", steps);
        }

        return new TextNormalizer(steps);
    }

    /// <summary>Reads a <c>pattern</c> object: <c>{"String": ...}</c> or <c>{"Regex": ...}</c>.</summary>
    public static Regex ReadPattern(JsonFields fields, JsonElement owner, string path, out string? literal)
    {
        var pattern = fields.RequireObject(owner, "pattern", path);
        var patternPath = JsonFields.Child(path, "pattern");
        literal = fields.OptionalString(pattern, "String", patternPath);
        if (literal is not null)
        {
            return new Regex(Regex.Escape(literal), RegexOptions.CultureInvariant);
        }

        var regex = fields.OptionalString(pattern, "Regex", patternPath)
            ?? throw fields.Error(patternPath, "has neither \"String\" nor \"Regex\"");
        try
        {
            return new Regex(regex, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw fields.Error(JsonFields.Child(patternPath, "Regex"), $"does not compile as a .NET regular expression: {e.Message}", e);
        }
    }

    private static void Add(JsonFields fields, JsonElement normalizer, string path, List<TextRewrite> steps)
    {
        var type = fields.RequireString(normalizer, "type", path);
        switch (type)
        {
            case "Sequence":
                var items = fields.RequireArray(normalizer, "normalizers", path);
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var itemPath = JsonFields.Item(JsonFields.Child(path, "normalizers"), index++);
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw fields.Error(itemPath, $"is {JsonFields.Describe(item)}; expected an object");
                    }

                    Add(fields, item, itemPath, steps);
                }

                break;
            case "Prepend":
                var prefix = fields.RequireString(normalizer, "prepend", path);
                steps.Add((text, _) => text.Length == 0 ? text : prefix + text);
                break;
            case "Replace":
                var content = fields.RequireString(normalizer, "content", path);
                var regex = ReadPattern(fields, normalizer, path, out var literal);
                if (literal is { Length: > 0 })
                {
                    steps.Add((text, _) => text.Replace(literal, content, StringComparison.Ordinal));
                }
                else
                {
                    // The replacement is literal text, so '$' must not start a substitution.
                    var replacement = content.Replace("$", "$$", StringComparison.Ordinal);
                    steps.Add((text, _) => regex.Replace(text, replacement));
                }

                break;
            case "NFC":
                steps.Add((text, _) => Normalize(text, NormalizationForm.FormC));
                break;
            case "NFD":
                steps.Add((text, _) => Normalize(text, NormalizationForm.FormD));
                break;
            case "NFKC":
                steps.Add((text, _) => Normalize(text, NormalizationForm.FormKC));
                break;
            case "NFKD":
                steps.Add((text, _) => Normalize(text, NormalizationForm.FormKD));
                break;
            case "Lowercase":
                steps.Add((text, _) => text.ToLowerInvariant());
                break;
            default:
                throw fields.Error(
                    JsonFields.Child(path, "type"),
                    $"is {JsonFields.Quote(type)}; supported normalizers are Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD and Lowercase");
        }
    }

    private static string Normalize(string text, NormalizationForm form)
    {
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            // Text with a lone surrogate cannot be normalized; it is encoded as is, the surrogate becoming U+FFFD.
            return text;
        }
    }
}
