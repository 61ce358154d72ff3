using System.Text.Json;

namespace Harness.Inference.Tokenization;

/// <summary>Reads the begin/end-of-sequence declarations of a model folder's configuration files.</summary>
internal static class SequenceIdConfig
{
    /// <summary>Applies <c>bos_token</c> and <c>eos_token</c> of a <c>tokenizer_config.json</c>, if the file exists.</summary>
    public static void ApplyTokenizerConfig(string path, BpeTokenizer tokenizer, ref int? begin, ref int? end)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var fields = new JsonFields(path);
        using var document = fields.ParseDocument(File.ReadAllBytes(path));
        var root = RequireObject(fields, document);
        begin = TokenByName(fields, root, "bos_token", tokenizer) ?? begin;
        end = TokenByName(fields, root, "eos_token", tokenizer) ?? end;
    }

    /// <summary>Applies <c>bos_token_id</c> and <c>eos_token_id</c> of a <c>config.json</c>, if the file exists.</summary>
    public static void ApplyModelConfig(string path, int vocabularySize, ref int? begin, ref int? end)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var fields = new JsonFields(path);
        using var document = fields.ParseDocument(File.ReadAllBytes(path));
        var root = RequireObject(fields, document);
        begin = TokenById(fields, root, "bos_token_id", vocabularySize) ?? begin;
        end = TokenById(fields, root, "eos_token_id", vocabularySize) ?? end;
    }

    private static JsonElement RequireObject(JsonFields fields, JsonDocument document)
    {
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object
            ? root
            : throw fields.Error("$", $"is {JsonFields.Describe(root)}; expected an object");
    }

    private static int? TokenByName(JsonFields fields, JsonElement root, string name, BpeTokenizer tokenizer)
    {
        if (!JsonFields.TryGet(root, name, out var value))
        {
            return null;
        }

        var path = JsonFields.Child("$", name);
        var content = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Object => fields.RequireString(value, "content", path),
            _ => throw fields.Error(path, $"is {JsonFields.Describe(value)}; expected a token's text or an object with \"content\""),
        };
        return tokenizer.TryGetTokenId(content, out var id)
            ? id
            : throw fields.Error(path, $"is {JsonFields.Quote(content)}, which is not a token of {TokenizerLoader.TokenizerFileName}");
    }

    private static int? TokenById(JsonFields fields, JsonElement root, string name, int vocabularySize)
    {
        if (!JsonFields.TryGet(root, name, out var value))
        {
            return null;
        }

        var path = JsonFields.Child("$", name);
        if (value.ValueKind == JsonValueKind.Array)
        {
            // Some models list several end tokens; the first is the one the interface can carry.
            if (value.GetArrayLength() == 0)
            {
                return null;
            }

            path = JsonFields.Item(path, 0);
            value = value[0];
        }

        var id = fields.TokenId(value, path);
        return id < vocabularySize
            ? id
            : throw fields.Error(path, $"is {id}, outside the tokenizer's {vocabularySize} tokens");
    }
}
