using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class TokenizerLoaderTests : IDisposable
{
    private const string TokenizerJson = """
        {
          "added_tokens": [
            { "id": 3, "content": "<s>", "special": true },
            { "id": 4, "content": "</s>", "special": true },
            { "id": 5, "content": "<|im_end|>", "special": true },
            { "id": 6, "content": "<|endoftext|>", "special": false }
          ],
          "pre_tokenizer": { "type": "ByteLevel", "add_prefix_space": false, "use_regex": true },
          "model": { "type": "BPE", "vocab": { "a": 0, "b": 1, "ab": 2 }, "merges": ["a b"] }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("tokenizer-loader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_folder_without_tokenizer_json_gets_the_byte_tokenizer()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{ "bos_token_id": 1 }""");

        var tokenizer = TokenizerLoader.Load(_folder);

        Assert.IsType<ByteTokenizer>(tokenizer);
        Assert.Equal(256, tokenizer.BeginOfSequenceId);
    }

    [Fact]
    public void Special_tokens_with_well_known_names_are_bos_and_eos()
    {
        Write("tokenizer.json", TokenizerJson);

        var tokenizer = TokenizerLoader.Load(_folder);

        Assert.IsType<BpeTokenizer>(tokenizer);
        Assert.Equal(3, tokenizer.BeginOfSequenceId);
        Assert.Equal(4, tokenizer.EndOfSequenceId);
        var ids = new List<int>();
        tokenizer.Encode("ab<|im_end|>", ids);
        Assert.Equal([2, 5], ids);
    }

    [Fact]
    public void Tokenizer_config_names_override_the_well_known_names()
    {
        Write("tokenizer.json", TokenizerJson);
        Write("tokenizer_config.json", """{ "bos_token": null, "eos_token": { "content": "<|im_end|>" } }""");

        var tokenizer = TokenizerLoader.Load(_folder);

        Assert.Equal(3, tokenizer.BeginOfSequenceId);
        Assert.Equal(5, tokenizer.EndOfSequenceId);
    }

    [Fact]
    public void Config_ids_win_over_tokenizer_config()
    {
        Write("tokenizer.json", TokenizerJson);
        Write("tokenizer_config.json", """{ "bos_token": "</s>", "eos_token": "<|im_end|>" }""");
        Write("config.json", """{ "bos_token_id": 0, "eos_token_id": [6, 5] }""");

        var tokenizer = TokenizerLoader.Load(_folder);

        Assert.Equal(0, tokenizer.BeginOfSequenceId);
        Assert.Equal(6, tokenizer.EndOfSequenceId);
    }

    [Fact]
    public void A_config_id_outside_the_vocabulary_names_the_file_and_field()
    {
        Write("tokenizer.json", TokenizerJson);
        Write("config.json", """{ "eos_token_id": 70000 }""");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.Load(_folder));

        Assert.Equal($"{Path.Combine(_folder, "config.json")}: $.eos_token_id is 70000, outside the tokenizer's 7 tokens", error.Message);
    }

    [Fact]
    public void A_tokenizer_config_name_that_is_no_token_names_the_file_and_field()
    {
        Write("tokenizer.json", TokenizerJson);
        Write("tokenizer_config.json", """{ "eos_token": "<eot>" }""");

        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerLoader.Load(_folder));

        Assert.Equal(Path.Combine(_folder, "tokenizer_config.json"), error.FileName);
        Assert.Equal("$.eos_token", error.FieldPath);
    }

    [Fact]
    public void A_missing_folder_is_reported()
    {
        Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.Load(Path.Combine(_folder, "missing")));
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);
}
