using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class ByteLevelBpeTokenizerTests
{
    // GPT-2 style: Ġ spells a space. Merge ranks are listed in order, so "l l" (rank 0) goes before "h e" (rank 1).
    private const string Gpt2Json = """
        {
          "version": "1.0",
          "added_tokens": [
            { "id": 17, "content": "<|endoftext|>", "special": true },
            { "id": 18, "content": "<|end", "special": false }
          ],
          "normalizer": null,
          "pre_tokenizer": { "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true },
          "decoder": { "type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true },
          "model": {
            "type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
            "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
            "vocab": {
              "h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "w": 5, "r": 6, "d": 7,
              "he": 8, "ll": 9, "hell": 10, "hello": 11, "Ġw": 12, "or": 13, "Ġwor": 14, "ld": 15, "Ġworld": 16
            },
            "merges": ["l l", "h e", ["he", "ll"], "o r", ["Ġ", "w"], "l d", "Ġw or", "hell o"]
          }
        }
        """;

    [Fact]
    public void Encodes_a_sentence_to_the_ids_derived_by_hand()
    {
        var tokenizer = BpeTokenizer.Parse(Gpt2Json);
        var ids = new List<int>();
        tokenizer.Encode("hello world", ids);

        // "hello": h e l l o -> h e ll o (rank 0) -> he ll o (1) -> hell o (2) -> hello (7).
        // " world": Ġ w o r l d -> Ġ w or l d (3) -> Ġw or l d (4) -> Ġw or ld (5) -> Ġwor ld (6); "Ġwor ld" has no merge.
        Assert.Equal([11, 14, 15], ids);
    }

    [Fact]
    public void Parses_utf8_bytes_with_a_byte_order_mark()
    {
        var tokenizer = BpeTokenizer.Parse([.. "\uFEFF"u8, .. System.Text.Encoding.UTF8.GetBytes(Gpt2Json)]);
        var ids = new List<int>();
        tokenizer.Encode("hello", ids);

        Assert.Equal([11], ids);
    }

    [Fact]
    public void Applies_merges_by_rank_not_position()
    {
        var tokenizer = BpeTokenizer.Parse(Gpt2Json);
        var ids = new List<int>();
        tokenizer.Encode("lld hell", ids);

        // "l l" outranks "l d", so "lld" is ll d rather than l ld.
        Assert.Equal([9, 7, 4, 10], ids);
    }

    [Fact]
    public void Matches_added_tokens_whole_and_longest_first()
    {
        var tokenizer = BpeTokenizer.Parse(Gpt2Json);
        var ids = new List<int>();
        tokenizer.Encode("hello<|endoftext|> world<|end", ids);

        Assert.Equal([11, 17, 14, 15, 18], ids);
        Assert.True(tokenizer.IsSpecial(17));
        Assert.True(tokenizer.GetTokenBytes(17).IsEmpty);
        Assert.False(tokenizer.IsSpecial(18));
        Assert.Equal("<|end"u8.ToArray(), tokenizer.GetTokenBytes(18).ToArray());
        Assert.Equal(19, tokenizer.VocabularySize);
        Assert.Null(tokenizer.BeginOfSequenceId);
        Assert.Equal(17, tokenizer.EndOfSequenceId);
    }

    [Fact]
    public void Token_bytes_undo_the_byte_level_alphabet()
    {
        var tokenizer = BpeTokenizer.Parse(Gpt2Json);

        Assert.Equal(" world"u8.ToArray(), tokenizer.GetTokenBytes(16).ToArray());
        Assert.Equal(" hello world", ByteTokenizerTests.Decode(tokenizer, [4, 11, 14, 15]));
        Assert.False(tokenizer.StripsLeadingSpace);
    }

    [Fact]
    public void Ignore_merges_takes_a_word_found_whole_in_the_vocabulary()
    {
        var json = Gpt2Json.Replace("\"byte_fallback\": false,", "\"byte_fallback\": false, \"ignore_merges\": true,", StringComparison.Ordinal);
        var tokenizer = BpeTokenizer.Parse(json);
        var ids = new List<int>();
        tokenizer.Encode("hello world", ids);

        Assert.Equal([11, 16], ids);
    }

    [Fact]
    public void Splits_with_the_Llama3_pattern()
    {
        const string Llama3Pattern =
            @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
        var json = Gpt2Json.Replace(
            "\"pre_tokenizer\": { \"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true }",
            $$"""
            "pre_tokenizer": { "type": "Sequence", "pretokenizers": [
              { "type": "Split", "pattern": { "Regex": {{System.Text.Json.JsonSerializer.Serialize(Llama3Pattern)}} }, "behavior": "Isolated", "invert": false },
              { "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false }
            ] }
            """,
            StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var preTokenizer = PreTokenizerReader.Read(new JsonFields("tokenizer.json"), document.RootElement);
        var text = "I'M 12345 hello  \n\nworld!!";
        var words = new List<(int Start, int Length)>();
        preTokenizer.Split(text, words, []);

        Assert.True(preTokenizer.IsByteLevel);
        Assert.Equal(
            ["I", "'M", " ", "123", "45", " hello", "  \n\n", "world", "!!"],
            words.Select(w => text.Substring(w.Start, w.Length)));

        // The tokenizer built from it encodes the same words: "hello" and " world" use their merges.
        var ids = new List<int>();
        BpeTokenizer.Parse(json).Encode("hello world", ids);
        Assert.Equal([11, 14, 15], ids);
    }
}
