using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Inference.Tokenization;

/// <summary>Reads the <c>pre_tokenizer</c> of a <c>tokenizer.json</c>.</summary>
internal sealed class PreTokenizerReader
{
    private readonly JsonFields _fields;
    private readonly List<TextRewrite> _rewrites = [];
    private readonly List<PreTokenSplitter> _splitters = [];
    private bool _byteLevel;
    private char? _metaspace;

    private PreTokenizerReader(JsonFields fields)
    {
        _fields = fields;
    }

    public static PreTokenizer Read(JsonFields fields, JsonElement root)
    {
        var reader = new PreTokenizerReader(fields);
        if (fields.OptionalObject(root, "pre_tokenizer", "$") is { } preTokenizer)
        {
            reader.Add(preTokenizer, "$.pre_tokenizer");
        }

        return new PreTokenizer(reader._rewrites, reader._splitters, reader._byteLevel, reader._metaspace);
    }

    private void Add(JsonElement preTokenizer, string path)
    {
        var type = _fields.RequireString(preTokenizer, "type", path);
        switch (type)
        {
            case "Sequence":
                AddSequence(preTokenizer, path);
                break;
            case "ByteLevel":
                AddByteLevel(preTokenizer, path);
                break;
            case "Split":
                AddSplit(preTokenizer, path);
                break;
            case "Metaspace":
                AddMetaspace(preTokenizer, path);
                break;
            case "Digits":
                var individual = _fields.OptionalBool(preTokenizer, "individual_digits", path, defaultValue: false);
                var digits = new Regex(individual ? @"\p{N}" : @"\p{N}+", RegexOptions.CultureInvariant);
                _splitters.Add(new PreTokenSplitter(digits, SplitBehavior.Isolated));
                break;
            default:
                throw _fields.Error(
                    JsonFields.Child(path, "type"),
                    $"is {JsonFields.Quote(type)}; supported pre-tokenizers are Sequence, ByteLevel, Split, Metaspace and Digits");
        }
    }

    private void AddSequence(JsonElement preTokenizer, string path)
    {
        var items = _fields.RequireArray(preTokenizer, "pretokenizers", path);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = JsonFields.Item(JsonFields.Child(path, "pretokenizers"), index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw _fields.Error(itemPath, $"is {JsonFields.Describe(item)}; expected an object");
            }

            Add(item, itemPath);
        }
    }

    private void AddByteLevel(JsonElement preTokenizer, string path)
    {
        _byteLevel = true;
        if (_fields.OptionalBool(preTokenizer, "add_prefix_space", path, defaultValue: true))
        {
            AddRewrite(path, (text, _) => text.StartsWith(' ') ? text : " " + text);
        }

        if (_fields.OptionalBool(preTokenizer, "use_regex", path, defaultValue: true))
        {
            _splitters.Add(new PreTokenSplitter(Gpt2Pattern.Instance(), SplitBehavior.Isolated));
        }
    }

    private void AddSplit(JsonElement preTokenizer, string path)
    {
        var pattern = NormalizerReader.ReadPattern(_fields, preTokenizer, path, out _);
        if (_fields.OptionalBool(preTokenizer, "invert", path, defaultValue: false))
        {
            throw _fields.Error(JsonFields.Child(path, "invert"), "is true; only false is supported");
        }

        var behavior = _fields.RequireString(preTokenizer, "behavior", path) switch
        {
            "Isolated" => SplitBehavior.Isolated,
            "Removed" => SplitBehavior.Removed,
            "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
            "MergedWithNext" => SplitBehavior.MergedWithNext,
            var other => throw _fields.Error(
                JsonFields.Child(path, "behavior"),
                $"is {JsonFields.Quote(other)}; supported behaviors are Isolated, Removed, MergedWithPrevious and MergedWithNext"),
        };
        _splitters.Add(new PreTokenSplitter(pattern, behavior));
    }

    private void AddMetaspace(JsonElement preTokenizer, string path)
    {
        var replacement = MetaspaceReplacement(_fields, preTokenizer, path);
        var prepend = MetaspacePrependScheme(_fields, preTokenizer, path);
        var marker = replacement.ToString();
        _metaspace = replacement;
        AddRewrite(path, (text, atInputStart) =>
        {
            text = text.Replace(' ', replacement);
            var add = prepend == "always" || (prepend == "first" && atInputStart);
            return add && !text.StartsWith(replacement) ? marker + text : text;
        });
        if (_fields.OptionalBool(preTokenizer, "split", path, defaultValue: true))
        {
            var at = new Regex(Regex.Escape(marker), RegexOptions.CultureInvariant);
            _splitters.Add(new PreTokenSplitter(at, SplitBehavior.MergedWithNext));
        }
    }

    /// <summary>Reads the <c>replacement</c> of a Metaspace pre-tokenizer or decoder: one character, ▁ by default.</summary>
    internal static char MetaspaceReplacement(JsonFields fields, JsonElement metaspace, string path)
    {
        var replacement = fields.OptionalString(metaspace, "replacement", path) ?? "\u2581";
        if (replacement.Length != 1)
        {
            throw fields.Error(JsonFields.Child(path, "replacement"), $"is {JsonFields.Quote(replacement)}; expected one character");
        }

        return replacement[0];
    }

    /// <summary>Reads the prepend scheme of a Metaspace pre-tokenizer or decoder: always, first or never.</summary>
    internal static string MetaspacePrependScheme(JsonFields fields, JsonElement metaspace, string path)
    {
        var scheme = fields.OptionalString(metaspace, "prepend_scheme", path);
        if (scheme is null)
        {
            // Files written before prepend_scheme existed say add_prefix_space instead.
            return fields.OptionalBool(metaspace, "add_prefix_space", path, defaultValue: true) ? "always" : "never";
        }

        if (scheme is not ("always" or "first" or "never"))
        {
            throw fields.Error(
                JsonFields.Child(path, "prepend_scheme"),
                $"is {JsonFields.Quote(scheme)}; expected \"always\", \"first\" or \"never\"");
        }

        return scheme;
    }

    private void AddRewrite(string path, TextRewrite rewrite)
    {
        // Rewrites apply to a whole section; after a split, Hugging Face would apply them to each piece instead.
        if (_splitters.Count > 0)
        {
            throw _fields.Error(path, "rewrites the text after an earlier pre-tokenizer split it; this order is not supported");
        }

        _rewrites.Add(rewrite);
    }
}
