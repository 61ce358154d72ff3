using System.Text;
using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class Utf8TokenDecoderTests
{
    [Fact]
    public void Emits_a_four_byte_character_once_its_last_byte_arrives()
    {
        var bytes = Encoding.UTF8.GetBytes("😀");
        var decoder = new Utf8TokenDecoder();

        Assert.Equal(4, bytes.Length);
        Assert.Equal(string.Empty, decoder.Append(bytes.AsSpan(0, 1)));
        Assert.Equal(string.Empty, decoder.Append(bytes.AsSpan(1, 1)));
        Assert.Equal(string.Empty, decoder.Append(bytes.AsSpan(2, 1)));
        Assert.Equal("😀", decoder.Append(bytes.AsSpan(3, 1)));
        Assert.Equal(string.Empty, decoder.Flush());
    }

    [Fact]
    public void Flush_turns_a_truncated_character_into_a_replacement_character()
    {
        var decoder = new Utf8TokenDecoder();

        Assert.Equal("a", decoder.Append([(byte)'a', 0xF0, 0x9F]));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void Decodes_invalid_bytes_split_anywhere_exactly_as_UTF8Encoding()
    {
        var random = new Random(1234);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(1, 40)];
            for (var i = 0; i < bytes.Length; i++)
            {
                // Mostly multi-byte lead and continuation bytes, so that sequences are often broken.
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(0x20, 0x7F) : (byte)random.Next(0x80, 0x100);
            }

            var decoder = new Utf8TokenDecoder();
            var text = new StringBuilder();
            for (var start = 0; start < bytes.Length;)
            {
                var length = Math.Min(random.Next(1, 5), bytes.Length - start);
                text.Append(decoder.Append(bytes.AsSpan(start, length)));
                start += length;
            }

            text.Append(decoder.Flush());
            Assert.Equal(Encoding.UTF8.GetString(bytes), text.ToString());
        }
    }

    [Fact]
    public void Strips_one_leading_space_of_the_sequence_when_asked()
    {
        var decoder = new Utf8TokenDecoder(stripLeadingSpace: true);

        Assert.Equal(string.Empty, decoder.Append([]));
        Assert.Equal(" hi", decoder.Append("  hi"u8));
        Assert.Equal(" there", decoder.Append(" there"u8));
    }

    [Fact]
    public void Keeps_the_leading_space_by_default()
    {
        var decoder = new Utf8TokenDecoder();

        Assert.Equal(" hi", decoder.Append(" hi"u8));
        Assert.Equal(" x", Utf8TokenDecoder.Create(new ByteTokenizer()).Append(" x"u8));
    }
}
