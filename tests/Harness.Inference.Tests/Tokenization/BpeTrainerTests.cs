using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    [Fact]
    public void The_same_corpus_gives_the_same_json()
    {
        var first = BpeTrainer.Train(TrainedTokenizer.Corpus, 400);
        var second = BpeTrainer.Train(new StringBuilder(TrainedTokenizer.Corpus).ToString(), 400);

        Assert.Equal(first, second);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.Equal(first, TrainedTokenizer.Json);
    }

    [Fact]
    public void Fills_the_vocabulary_and_declares_its_special_tokens()
    {
        var tokenizer = BpeTokenizer.Parse(TrainedTokenizer.Json);

        Assert.Equal(400, tokenizer.VocabularySize);
        Assert.Equal(398, tokenizer.BeginOfSequenceId);
        Assert.Equal(399, tokenizer.EndOfSequenceId);
        Assert.True(tokenizer.IsSpecial(398));
        Assert.True(tokenizer.IsSpecial(399));
        Assert.False(tokenizer.IsSpecial(397));

        var ids = new List<int>();
        tokenizer.Encode("<|bos|>the<|eos|>", ids);
        Assert.Equal(398, ids[0]);
        Assert.Equal(399, ids[^1]);
    }

    [Fact]
    public void A_frequent_word_becomes_one_token()
    {
        var tokenizer = BpeTokenizer.Parse(TrainedTokenizer.Json);
        var ids = new List<int>();
        tokenizer.Encode(" the", ids);

        var id = Assert.Single(ids);
        Assert.Equal(" the"u8.ToArray(), tokenizer.GetTokenBytes(id).ToArray());
    }

    [Theory]
    [InlineData("The fox and the dog.")]
    [InlineData("Grüße, 世界! 😀\n\ttabs and \u00A0 odd spaces")]
    [InlineData("unseen words: zyxwvut QQQ 12345 ¿¡")]
    public void Encoded_text_decodes_back(string text)
    {
        var tokenizer = BpeTokenizer.Parse(TrainedTokenizer.Json);
        var ids = new List<int>();
        tokenizer.Encode(text, ids);

        Assert.Equal(text, ByteTokenizerTests.Decode(tokenizer, ids));
        Assert.Equal(Encoding.UTF8.GetBytes(text), ids.SelectMany(id => tokenizer.GetTokenBytes(id).ToArray()));
    }

    [Fact]
    public void Breaks_ties_by_the_smallest_pair()
    {
        // Every pair occurs once: "a b" < "c d" < "Ġ c" (Ġ is U+0120), and then "Ġ cd" is the only pair left.
        var json = BpeTrainer.Train("ab cd", 261);

        Assert.Equal(["a b", "c d", "Ġ cd"], Merges(json));
    }

    [Fact]
    public void Merges_the_most_frequent_pair_first()
    {
        var json = BpeTrainer.Train("xy xy xy ab", 259);

        Assert.Equal(["x y"], Merges(json));
    }

    [Fact]
    public void Stops_when_no_pair_is_left()
    {
        var tokenizer = BpeTokenizer.Parse(BpeTrainer.Train("a.b,c", 1000));

        Assert.Equal(258, tokenizer.VocabularySize);
    }

    [Fact]
    public void Does_not_learn_the_text_of_its_special_tokens()
    {
        var json = BpeTrainer.Train("<|eos|><|eos|><|eos|>hi", 300);

        Assert.Equal(["h i"], Merges(json));
    }

    [Fact]
    public void Trains_a_two_thousand_token_vocabulary()
    {
        // About 5 KB of distinct made-up words, enough pairs for 1742 merges.
        var random = new Random(7);
        var corpus = new StringBuilder(TrainedTokenizer.Corpus);
        for (var i = 0; i < 800; i++)
        {
            corpus.Append(' ');
            for (var length = random.Next(3, 10); length > 0; length--)
            {
                corpus.Append((char)random.Next('a', 'z' + 1));
            }
        }

        var json = BpeTrainer.Train(corpus.ToString(), 2000);

        Assert.Equal(2000, BpeTokenizer.Parse(json).VocabularySize);
    }

    [Fact]
    public void Learns_the_same_merges_as_a_naive_recount()
    {
        var corpus = TrainedTokenizer.Corpus + " aaaa aaa aa abab baba 😀😀 ¿¡ the the";

        Assert.Equal(NaiveMerges(corpus, 500), Merges(BpeTrainer.Train(corpus, 500)));
    }

    [Fact]
    public void Rejects_a_vocabulary_smaller_than_the_bytes_and_special_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train("abc", 257));
    }

    // Classic BPE written the slow, obvious way: recount every pair after every merge.
    private static List<string> NaiveMerges(string corpus, int vocabularySize)
    {
        var alphabet = BuildAlphabet();
        var words = Regex.Matches(corpus, @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")
            .Select(m => Encoding.UTF8.GetBytes(m.Value).Select(b => alphabet[b].ToString()).ToList())
            .ToList();
        var vocabulary = new HashSet<string>(alphabet.Select(c => c.ToString()), StringComparer.Ordinal);
        var merges = new List<string>();
        while (vocabulary.Count < vocabularySize - 2)
        {
            var counts = new Dictionary<(string, string), int>();
            foreach (var word in words)
            {
                for (var i = 0; i + 1 < word.Count; i++)
                {
                    counts[(word[i], word[i + 1])] = counts.GetValueOrDefault((word[i], word[i + 1])) + 1;
                }
            }

            if (counts.Count == 0)
            {
                break;
            }

            var best = counts.OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key.Item1, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
                .First().Key;
            merges.Add(best.Item1 + " " + best.Item2);
            vocabulary.Add(best.Item1 + best.Item2);
            foreach (var word in words)
            {
                for (var i = 0; i + 1 < word.Count; i++)
                {
                    if (word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        word[i] += word[i + 1];
                        word.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }

    // GPT-2's bytes_to_unicode, as published.
    private static char[] BuildAlphabet()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range(0xA1, 0xAC - 0xA1 + 1)).Concat(Enumerable.Range(0xAE, 0xFF - 0xAE + 1)).ToHashSet();
        var alphabet = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            alphabet[b] = printable.Contains(b) ? (char)b : (char)next++;
        }

        return alphabet;
    }

    private static List<string> Merges(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("model").GetProperty("merges").EnumerateArray().Select(m => m.GetString()!)];
    }
}
