using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class TokenizerFormatErrorTests
{
    private const string ValidModel = """
        "type": "BPE", "vocab": { "a": 0, "b": 1, "ab": 2 }, "merges": ["a b"]
        """;

    [Theory]
    [InlineData("Unigram")]
    [InlineData("WordPiece")]
    public void Rejects_a_model_type_other_than_BPE(string type)
    {
        var error = Reject($$"""{ "model": { "type": "{{type}}", "vocab": {} } }""", "$.model.type");

        Assert.Equal($"tokenizer.json: $.model.type is \"{type}\"; only \"BPE\" is supported", error.Message);
    }

    [Theory]
    [InlineData("""{ "model": { "type": "BPE", "merges": [] } }""", "$.model.vocab", "is missing")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": [] } }""", "$.model.vocab", "expected an object")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": -1 } } }""", "$.model.vocab[\"a\"]", "expected a token id")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0, "b": 0 } } }""", "$.model.vocab[\"b\"]", "has id 0, which \"a\" already has")]
    [InlineData("""{ "vocab": {} }""", "$.model", "is missing")]
    [InlineData("""{ "model": { "vocab": {} } }""", "$.model.type", "is missing; only \"BPE\" is supported")]
    public void Rejects_a_missing_or_malformed_vocabulary(string json, string path, string problem)
    {
        var error = Reject(json, path);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["a b", "b c"]""", "$.model.merges[1]", "names \"c\", which is not in $.model.vocab")]
    [InlineData("""[["b", "a"]]""", "$.model.merges[0]", "names \"ba\", which is not in $.model.vocab")]
    [InlineData("""["a b c"]""", "$.model.merges[0]", "expected \"left right\" or [\"left\", \"right\"]")]
    [InlineData("""[["a"]]""", "$.model.merges[0]", "expected \"left right\"")]
    [InlineData("""[42]""", "$.model.merges[0]", "is 42")]
    public void Rejects_a_merge_naming_a_token_not_in_the_vocabulary(string merges, string path, string problem)
    {
        var error = Reject($$"""{ "model": { "type": "BPE", "vocab": { "a": 0, "b": 1, "ab": 2 }, "merges": {{merges}} } }""", path);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"model\": ")]
    [InlineData("{ \"model\": {}, }")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void Rejects_malformed_json(string json)
    {
        var error = Reject(json, "$");

        Assert.StartsWith("tokenizer.json: $ is ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "pre_tokenizer": { "type": "Whitespace" } }""", "$.pre_tokenizer.type", "supported pre-tokenizers are")]
    [InlineData("""{ "pre_tokenizer": { "type": "Sequence", "pretokenizers": [{ "type": "Split", "pattern": { "Regex": "(" }, "behavior": "Isolated" }] } }""", "$.pre_tokenizer.pretokenizers[0].pattern.Regex", "does not compile")]
    [InlineData("""{ "pre_tokenizer": { "type": "Split", "pattern": { "Regex": "a" }, "behavior": "Contiguous" } }""", "$.pre_tokenizer.behavior", "\"Contiguous\"")]
    [InlineData("""{ "normalizer": { "type": "BertNormalizer" } }""", "$.normalizer.type", "supported normalizers are")]
    [InlineData("""{ "decoder": { "type": "WordPiece" } }""", "$.decoder.type", "supported decoders are")]
    [InlineData("""{ "added_tokens": [{ "content": "<s>" }] }""", "$.added_tokens[0].id", "is missing")]
    [InlineData("""{ "added_tokens": [{ "id": 5, "content": "" }] }""", "$.added_tokens[0].content", "is empty")]
    [InlineData("""{ "added_tokens": [{ "id": 5, "content": "x" }, { "id": 5, "content": "y" }] }""", "$.added_tokens[1].id", "already has")]
    public void Rejects_unsupported_pipeline_parts_and_bad_added_tokens(string parts, string path, string problem)
    {
        var json = parts.TrimEnd().TrimEnd('}') + $$""", "model": { {{ValidModel}} } }""";
        var error = Reject(json, path);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"unk_token\": \"<unk>\"", "$.model.unk_token")]
    [InlineData("\"continuing_subword_prefix\": \"##\"", "$.model.continuing_subword_prefix")]
    [InlineData("\"dropout\": 0.1", "$.model.dropout")]
    [InlineData("\"byte_fallback\": \"yes\"", "$.model.byte_fallback")]
    public void Rejects_unsupported_or_inconsistent_model_options(string option, string path)
    {
        Reject($$"""{ "model": { {{ValidModel}}, {{option}} } }""", path);
    }

    [Fact]
    public void Names_the_file_it_was_loaded_from()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tokenizer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "model": { "type": "Unigram", "vocab": [] } }""");
        try
        {
            var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Load(path));

            Assert.StartsWith($"{path}: $.model.type", error.Message, StringComparison.Ordinal);
            Assert.Equal(path, error.FileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static TokenizerFormatException Reject(string json, string path)
    {
        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Parse(json));
        Assert.Equal(path, error.FieldPath);
        Assert.StartsWith($"tokenizer.json: {path} ", error.Message, StringComparison.Ordinal);
        return error;
    }
}
