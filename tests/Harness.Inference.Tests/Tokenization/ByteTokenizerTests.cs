using System.Text;
using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class ByteTokenizerTests
{
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("emoji 😀👍🏽 and CJK 漢字かな한국어")]
    [InlineData("tabs\tnew\nlines\r\n and é ß")]
    public void Round_trips_arbitrary_utf8(string text)
    {
        var tokenizer = new ByteTokenizer();
        var ids = new List<int>();
        tokenizer.Encode(text, ids);

        Assert.Equal(Encoding.UTF8.GetBytes(text).Select(b => (int)b), ids);
        Assert.Equal(text, Decode(tokenizer, ids));
    }

    [Fact]
    public void Matches_special_tokens_in_the_text()
    {
        var tokenizer = new ByteTokenizer();
        var ids = new List<int>();
        tokenizer.Encode("<bos>a<eos><eo", ids);

        Assert.Equal([256, 'a', 257, '<', 'e', 'o'], ids);
        Assert.True(tokenizer.IsSpecial(256));
        Assert.True(tokenizer.IsSpecial(257));
        Assert.False(tokenizer.IsSpecial(255));
        Assert.True(tokenizer.GetTokenBytes(257).IsEmpty);
        Assert.Equal(258, tokenizer.VocabularySize);
        Assert.Equal(256, tokenizer.BeginOfSequenceId);
        Assert.Equal(257, tokenizer.EndOfSequenceId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(258)]
    public void Rejects_ids_outside_the_vocabulary(int id)
    {
        var tokenizer = new ByteTokenizer();

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.GetTokenBytes(id).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.IsSpecial(id));
    }

    internal static string Decode(ITokenizer tokenizer, IEnumerable<int> ids)
    {
        var decoder = Utf8TokenDecoder.Create(tokenizer);
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            text.Append(decoder.Append(tokenizer.GetTokenBytes(id)));
        }

        return text.Append(decoder.Flush()).ToString();
    }
}
