using System.Text.Json;

namespace Harness.Inference.Tokenization;

/// <summary>
/// Reads the <c>decoder</c> of a <c>tokenizer.json</c> into how tokens map to bytes. Without a decoder, tokens decode
/// as the pre-tokenizer spelled them (GPT-2 alphabet, Metaspace's ▁).
/// </summary>
internal sealed class DecoderReader
{
    private readonly JsonFields _fields;
    private bool _byteLevel;
    private char? _space;
    private bool _byteFallback;
    private bool _stripsLeadingSpace;

    private DecoderReader(JsonFields fields)
    {
        _fields = fields;
    }

    public static TokenDecoding Read(JsonFields fields, JsonElement root, PreTokenizer preTokenizer, bool byteFallback)
    {
        var reader = new DecoderReader(fields) { _byteLevel = preTokenizer.IsByteLevel, _byteFallback = byteFallback };
        if (fields.OptionalObject(root, "decoder", "$") is { } decoder)
        {
            reader.Add(decoder, "$.decoder");
        }
        else
        {
            reader._space = preTokenizer.Metaspace;
        }

        return new TokenDecoding(reader._byteLevel, reader._space, reader._byteFallback, reader._stripsLeadingSpace);
    }

    private void Add(JsonElement decoder, string path)
    {
        var type = _fields.RequireString(decoder, "type", path);
        switch (type)
        {
            case "Sequence":
                var items = _fields.RequireArray(decoder, "decoders", path);
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var itemPath = JsonFields.Item(JsonFields.Child(path, "decoders"), index++);
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw _fields.Error(itemPath, $"is {JsonFields.Describe(item)}; expected an object");
                    }

                    Add(item, itemPath);
                }

                break;
            case "ByteLevel":
                _byteLevel = true;
                break;
            case "ByteFallback":
                _byteFallback = true;
                break;
            case "Fuse":
                // Joining the tokens' text is what streaming the bytes does anyway.
                break;
            case "Metaspace":
                _space = PreTokenizerReader.MetaspaceReplacement(_fields, decoder, path);
                _stripsLeadingSpace |= PreTokenizerReader.MetaspacePrependScheme(_fields, decoder, path) != "never";
                break;
            case "Replace":
                AddReplace(decoder, path);
                break;
            case "Strip":
                AddStrip(decoder, path);
                break;
            default:
                throw _fields.Error(
                    JsonFields.Child(path, "type"),
                    $"is {JsonFields.Quote(type)}; supported decoders are Sequence, ByteLevel, ByteFallback, Fuse, Metaspace, Replace and Strip");
        }
    }

    private void AddReplace(JsonElement decoder, string path)
    {
        NormalizerReader.ReadPattern(_fields, decoder, path, out var literal);
        var content = _fields.RequireString(decoder, "content", path);
        if (literal is not { Length: 1 } || content != " ")
        {
            throw _fields.Error(path, "replaces something other than one character with a space; only that (▁ to a space) is supported");
        }

        _space = literal[0];
    }

    private void AddStrip(JsonElement decoder, string path)
    {
        var content = _fields.OptionalString(decoder, "content", path) ?? " ";
        var start = _fields.OptionalCount(decoder, "start", path);
        var stop = _fields.OptionalCount(decoder, "stop", path);
        if (content != " " || start > 1 || stop != 0)
        {
            throw _fields.Error(path, "strips something other than one leading space; only that is supported");
        }

        _stripsLeadingSpace |= start == 1;
    }
}
