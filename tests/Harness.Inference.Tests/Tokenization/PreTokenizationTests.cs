using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class PreTokenizationTests
{
    [Theory]
    [InlineData("Isolated", new[] { "a", "--", "b", "-", "c" })]
    [InlineData("Removed", new[] { "a", "b", "c" })]
    [InlineData("MergedWithPrevious", new[] { "a--", "b-", "c" })]
    [InlineData("MergedWithNext", new[] { "a", "--b", "-c" })]
    public void Splitters_place_the_matches_as_their_behavior_says(string behavior, string[] expected)
    {
        var splitter = new PreTokenSplitter(new Regex("-+"), Enum.Parse<SplitBehavior>(behavior));
        const string Text = "xa--b-cx";
        var pieces = new List<(int Start, int Length)>();

        splitter.Split(Text, 1, Text.Length - 2, pieces);

        Assert.Equal(expected, pieces.Select(p => Text.Substring(p.Start, p.Length)));
    }

    [Fact]
    public void Metaspace_with_split_starts_a_word_at_each_marker()
    {
        var preTokenizer = ReadPreTokenizer("""{ "type": "Metaspace", "replacement": "▁", "add_prefix_space": true }""");
        var text = preTokenizer.Rewrite("hi  you", atInputStart: false);
        var words = new List<(int Start, int Length)>();

        preTokenizer.Split(text, words, []);

        Assert.Equal("▁hi▁▁you", text);
        Assert.Equal(["▁hi", "▁", "▁you"], words.Select(w => text.Substring(w.Start, w.Length)));
        Assert.Equal('▁', preTokenizer.Metaspace);
    }

    [Fact]
    public void ByteLevel_with_add_prefix_space_prepends_one_space_to_each_section()
    {
        var preTokenizer = ReadPreTokenizer("""{ "type": "ByteLevel", "add_prefix_space": true, "use_regex": true }""");

        Assert.Equal(" hello", preTokenizer.Rewrite("hello", atInputStart: true));
        Assert.Equal(" hello", preTokenizer.Rewrite(" hello", atInputStart: true));
    }

    [Fact]
    public void Digits_isolates_each_digit_when_asked()
    {
        var preTokenizer = ReadPreTokenizer("""{ "type": "Digits", "individual_digits": true }""");
        const string Text = "ab12c";
        var words = new List<(int Start, int Length)>();

        preTokenizer.Split(Text, words, []);

        Assert.Equal(["ab", "1", "2", "c"], words.Select(w => Text.Substring(w.Start, w.Length)));
    }

    [Fact]
    public void A_rewrite_after_a_split_is_rejected()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => ReadPreTokenizer("""
            { "type": "Sequence", "pretokenizers": [
              { "type": "Digits" },
              { "type": "ByteLevel", "add_prefix_space": true }
            ] }
            """));

        Assert.Equal("$.pre_tokenizer.pretokenizers[1]", error.FieldPath);
    }

    [Fact]
    public void Normalizers_compose_in_order()
    {
        using var document = JsonDocument.Parse("""
            { "normalizer": { "type": "Sequence", "normalizers": [
              { "type": "NFC" },
              { "type": "Lowercase" },
              { "type": "Replace", "pattern": { "Regex": "\\s+" }, "content": "$ " },
              { "type": "Prepend", "prepend": ">" }
            ] } }
            """);
        var normalizer = NormalizerReader.Read(new JsonFields("tokenizer.json"), document.RootElement);

        Assert.Equal(">été$ a", normalizer.Apply("E\u0301TE\u0301 \t A", atInputStart: true));
        Assert.Equal(string.Empty, normalizer.Apply(string.Empty, atInputStart: true));
    }

    private static PreTokenizer ReadPreTokenizer(string preTokenizer)
    {
        using var document = JsonDocument.Parse($$"""{ "pre_tokenizer": {{preTokenizer}} }""");
        return PreTokenizerReader.Read(new JsonFields("tokenizer.json"), document.RootElement);
    }
}
