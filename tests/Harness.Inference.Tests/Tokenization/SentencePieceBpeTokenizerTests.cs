using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class SentencePieceBpeTokenizerTests
{
    // Llama 2 style: the normalizer turns spaces into ▁ and prepends one; ü is not in the vocabulary, but its
    // bytes C3 BC are; é (C3 A9) is not, so it is unknown.
    private const string Llama2Json = """
        {
          "added_tokens": [
            { "id": 0, "content": "<unk>", "special": true },
            { "id": 1, "content": "<s>", "special": true },
            { "id": 2, "content": "</s>", "special": true }
          ],
          "normalizer": { "type": "Sequence", "normalizers": [
            { "type": "Prepend", "prepend": "▁" },
            { "type": "Replace", "pattern": { "String": " " }, "content": "▁" }
          ] },
          "pre_tokenizer": null,
          "decoder": { "type": "Sequence", "decoders": [
            { "type": "Replace", "pattern": { "String": "▁" }, "content": " " },
            { "type": "ByteFallback" },
            { "type": "Fuse" },
            { "type": "Strip", "content": " ", "start": 1, "stop": 0 }
          ] },
          "model": {
            "type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true,
            "vocab": {
              "<unk>": 0, "<s>": 1, "</s>": 2, "<0xC3>": 3, "<0xBC>": 4, "▁": 5, "h": 6, "i": 7, "▁h": 8, "▁hi": 9
            },
            "merges": ["▁ h", "▁h i"]
          }
        }
        """;

    // Mistral style: a Metaspace pre-tokenizer that prepends ▁ only at the start of the input.
    private static readonly string MistralJson = Llama2Json
        .Replace(
            """
            "normalizer": { "type": "Sequence", "normalizers": [
                { "type": "Prepend", "prepend": "▁" },
                { "type": "Replace", "pattern": { "String": " " }, "content": "▁" }
              ] },
              "pre_tokenizer": null,
            """,
            """
            "normalizer": null,
              "pre_tokenizer": { "type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false },
            """,
            StringComparison.Ordinal)
        .Replace(
            """
            "decoder": { "type": "Sequence", "decoders": [
                { "type": "Replace", "pattern": { "String": "▁" }, "content": " " },
                { "type": "ByteFallback" },
                { "type": "Fuse" },
                { "type": "Strip", "content": " ", "start": 1, "stop": 0 }
              ] },
            """,
            """
            "decoder": { "type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false },
            """,
            StringComparison.Ordinal);

    [Fact]
    public void Encodes_a_character_outside_the_vocabulary_as_byte_tokens()
    {
        var tokenizer = BpeTokenizer.Parse(Llama2Json);
        var ids = new List<int>();
        tokenizer.Encode("hi hü", ids);

        // "▁hi▁hü": ▁ h i ▁ h <0xC3> <0xBC> -> ▁h (rank 0) twice -> ▁hi (rank 1).
        Assert.Equal([9, 8, 3, 4], ids);
        Assert.Equal([(byte)0xC3], tokenizer.GetTokenBytes(3).ToArray());
        Assert.Equal(" hi"u8.ToArray(), tokenizer.GetTokenBytes(9).ToArray());
    }

    [Fact]
    public void Decodes_back_to_the_original_text_dropping_the_prepended_space()
    {
        var tokenizer = BpeTokenizer.Parse(Llama2Json);
        var ids = new List<int>();
        tokenizer.Encode("hi hü", ids);

        Assert.True(tokenizer.StripsLeadingSpace);
        Assert.Equal("hi hü", ByteTokenizerTests.Decode(tokenizer, ids));
    }

    [Fact]
    public void Unknown_characters_without_byte_tokens_fuse_into_one_unknown_token()
    {
        var tokenizer = BpeTokenizer.Parse(Llama2Json);
        var ids = new List<int>();
        tokenizer.Encode("héé", ids);

        Assert.Equal([8, 0], ids);
    }

    [Fact]
    public void Special_tokens_are_matched_and_the_normalizer_prepends_to_each_section()
    {
        var tokenizer = BpeTokenizer.Parse(Llama2Json);
        var ids = new List<int>();
        tokenizer.Encode("<s>hi</s>", ids);

        Assert.Equal([1, 9, 2], ids);
        Assert.Equal(1, tokenizer.BeginOfSequenceId);
        Assert.Equal(2, tokenizer.EndOfSequenceId);
        Assert.True(tokenizer.GetTokenBytes(1).IsEmpty);
    }

    [Fact]
    public void Metaspace_with_prepend_scheme_first_prepends_only_at_the_start_of_the_input()
    {
        var tokenizer = BpeTokenizer.Parse(MistralJson);
        var ids = new List<int>();
        tokenizer.Encode("hi<s>hi hü", ids);

        Assert.Equal([9, 1, 6, 7, 8, 3, 4], ids);
        Assert.True(tokenizer.StripsLeadingSpace);
        Assert.Equal("hihi hü", ByteTokenizerTests.Decode(tokenizer, ids.Where(id => id != 1)));
    }
}
