using System.Text.Json;

namespace Harness.Inference.Tokenization;

/// <summary>Reads a Hugging Face <c>tokenizer.json</c> with a BPE model into a <see cref="BpeTokenizer"/>.</summary>
internal static class TokenizerJsonReader
{
    private static readonly string[] BeginOfSequenceNames = ["<|bos|>", "<s>", "<bos>", "<|begin_of_text|>", "<|startoftext|>"];
    private static readonly string[] EndOfSequenceNames = ["<|eos|>", "</s>", "<eos>", "<|end_of_text|>", "<|endoftext|>"];

    public static BpeTokenizer Read(ReadOnlyMemory<byte> json, string fileName)
    {
        var fields = new JsonFields(fileName);
        using var document = fields.ParseDocument(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw fields.Error("$", $"is {JsonFields.Describe(root)}; expected an object");
        }

        var model = fields.RequireObject(root, "model", "$");
        var type = fields.OptionalString(model, "type", "$.model");
        if (type != "BPE")
        {
            throw fields.Error("$.model.type", $"is {(type is null ? "missing" : JsonFields.Quote(type))}; only \"BPE\" is supported");
        }

        RejectUnsupportedOptions(fields, model);
        var vocab = ReadVocab(fields, model);
        var merges = ReadMerges(fields, model, vocab);
        var added = ReadAddedTokens(fields, root);
        var unknownId = ReadUnknownId(fields, model, vocab);
        var byteFallback = fields.OptionalBool(model, "byte_fallback", "$.model", defaultValue: false);
        var normalizer = NormalizerReader.Read(fields, root);
        var preTokenizer = PreTokenizerReader.Read(fields, root);
        var decoding = DecoderReader.Read(fields, root, preTokenizer, byteFallback);
        var words = new BpeWordEncoder(
            vocab,
            merges,
            decoding.ByteLevel,
            byteFallback,
            unknownId,
            fields.OptionalBool(model, "fuse_unk", "$.model", defaultValue: false),
            fields.OptionalBool(model, "ignore_merges", "$.model", defaultValue: false));

        var count = 0;
        foreach (var id in vocab.Values)
        {
            count = Math.Max(count, id + 1);
        }

        var tokenIds = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        foreach (var token in added)
        {
            count = Math.Max(count, token.Id + 1);
            tokenIds[token.Content] = token.Id;
        }

        if (count == 0)
        {
            throw fields.Error("$.model.vocab", "is empty and there are no added tokens");
        }

        return new BpeTokenizer(
            TokenTable.Build(count, vocab, added, decoding),
            new AddedTokenMatcher(added),
            tokenIds,
            normalizer,
            preTokenizer,
            words,
            decoding.StripsLeadingSpace,
            FindSpecial(added, BeginOfSequenceNames),
            FindSpecial(added, EndOfSequenceNames));
    }

    private static void RejectUnsupportedOptions(JsonFields fields, JsonElement model)
    {
        foreach (var name in (string[])["continuing_subword_prefix", "end_of_word_suffix"])
        {
            if (fields.OptionalString(model, name, "$.model") is { Length: > 0 } value)
            {
                throw fields.Error(JsonFields.Child("$.model", name), $"is {JsonFields.Quote(value)}; only null is supported");
            }
        }

        if (JsonFields.TryGet(model, "dropout", out var dropout)
            && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw fields.Error("$.model.dropout", $"is {JsonFields.Describe(dropout)}; BPE dropout is not supported, expected null");
        }
    }

    private static Dictionary<string, int> ReadVocab(JsonFields fields, JsonElement model)
    {
        var vocabElement = fields.RequireObject(model, "vocab", "$.model");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var owners = new Dictionary<int, string>();
        foreach (var entry in vocabElement.EnumerateObject())
        {
            // Paths are built only for errors: real vocabularies have hundreds of thousands of entries.
            if (!JsonFields.TryGetTokenId(entry.Value, out var id))
            {
                // Throws, naming the entry and what is wrong with its id.
                id = fields.TokenId(entry.Value, JsonFields.Key("$.model.vocab", entry.Name));
            }

            if (!vocab.TryAdd(entry.Name, id))
            {
                throw fields.Error(JsonFields.Key("$.model.vocab", entry.Name), "appears twice");
            }

            if (!owners.TryAdd(id, entry.Name))
            {
                throw fields.Error(JsonFields.Key("$.model.vocab", entry.Name), $"has id {id}, which {JsonFields.Quote(owners[id])} already has");
            }
        }

        return vocab;
    }

    private static BpeMergeTable ReadMerges(JsonFields fields, JsonElement model, Dictionary<string, int> vocab)
    {
        var mergesElement = fields.OptionalArray(model, "merges", "$.model");
        var merges = new BpeMergeTable(mergesElement?.GetArrayLength() ?? 0);
        if (mergesElement is not { } items)
        {
            return merges;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var (left, right) = ReadMerge(fields, item, index);
            merges.TryAdd(Lookup(left), Lookup(right), Lookup(left + right));
            index++;

            int Lookup(string token) => vocab.TryGetValue(token, out var id)
                ? id
                : throw fields.Error(JsonFields.Item("$.model.merges", index), $"names {JsonFields.Quote(token)}, which is not in $.model.vocab");
        }

        return merges;
    }

    private static (string Left, string Right) ReadMerge(JsonFields fields, JsonElement item, int index)
    {
        // Older files write a merge as "left right", newer ones as ["left", "right"].
        if (item.ValueKind == JsonValueKind.String)
        {
            var text = item.GetString()!;
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && space < text.Length - 1 && text.IndexOf(' ', space + 1) < 0)
            {
                return (text[..space], text[(space + 1)..]);
            }
        }
        else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
            && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String
            && item[0].GetString()!.Length > 0 && item[1].GetString()!.Length > 0)
        {
            return (item[0].GetString()!, item[1].GetString()!);
        }

        throw fields.Error(
            JsonFields.Item("$.model.merges", index),
            $"is {JsonFields.Describe(item)}; expected \"left right\" or [\"left\", \"right\"]");
    }

    private static List<AddedToken> ReadAddedTokens(JsonFields fields, JsonElement root)
    {
        var added = new List<AddedToken>();
        if (fields.OptionalArray(root, "added_tokens", "$") is not { } items)
        {
            return added;
        }

        var ids = new HashSet<int>();
        var contents = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = JsonFields.Item("$.added_tokens", index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw fields.Error(path, $"is {JsonFields.Describe(item)}; expected an object");
            }

            var id = item.TryGetProperty("id", out var idElement)
                ? fields.TokenId(idElement, JsonFields.Child(path, "id"))
                : throw fields.Error(JsonFields.Child(path, "id"), "is missing");
            var content = fields.RequireString(item, "content", path);
            if (content.Length == 0)
            {
                throw fields.Error(JsonFields.Child(path, "content"), "is empty");
            }

            if (!ids.Add(id))
            {
                throw fields.Error(JsonFields.Child(path, "id"), $"is {id}, which an earlier added token already has");
            }

            if (!contents.Add(content))
            {
                throw fields.Error(JsonFields.Child(path, "content"), $"is {JsonFields.Quote(content)}, which an earlier added token already has");
            }

            added.Add(new AddedToken(id, content, fields.OptionalBool(item, "special", path, defaultValue: false)));
        }

        return added;
    }

    private static int? ReadUnknownId(JsonFields fields, JsonElement model, Dictionary<string, int> vocab)
    {
        if (fields.OptionalString(model, "unk_token", "$.model") is not { } unknown)
        {
            return null;
        }

        return vocab.TryGetValue(unknown, out var id)
            ? id
            : throw fields.Error("$.model.unk_token", $"is {JsonFields.Quote(unknown)}, which is not in $.model.vocab");
    }

    private static int? FindSpecial(List<AddedToken> added, string[] names)
    {
        foreach (var name in names)
        {
            foreach (var token in added)
            {
                if (token.Special && token.Content == name)
                {
                    return token.Id;
                }
            }
        }

        return null;
    }
}
