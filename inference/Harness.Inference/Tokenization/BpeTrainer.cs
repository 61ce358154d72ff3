using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Inference.Tokenization;

/// <summary>
/// Learns a byte-level BPE tokenizer from a corpus, deterministically: the same corpus and size give the same
/// <c>tokenizer.json</c>, byte for byte, on every machine.
/// </summary>
/// <remarks>
/// Classic BPE: the corpus is split into words with GPT-2's pattern (text equal to the added tokens is left out), the
/// 256 bytes are the first tokens (id = byte value), then the most frequent adjacent pair within words is merged,
/// ties going to the pair whose left token, then right token, is ordinally smallest as spelled in the GPT-2
/// alphabet, until the vocabulary is full or no pair is left. The added tokens <see cref="BeginOfSequenceToken"/>
/// and <see cref="EndOfSequenceToken"/> take the last two ids.
/// </remarks>
public static class BpeTrainer
{
    /// <summary>The text of the begin-of-sequence token.</summary>
    public const string BeginOfSequenceToken = "<|bos|>";

    /// <summary>The text of the end-of-sequence token.</summary>
    public const string EndOfSequenceToken = "<|eos|>";

    /// <summary>The smallest vocabulary: the 256 bytes and the two added tokens.</summary>
    public const int MinVocabularySize = 258;

    /// <summary>Learns a tokenizer.</summary>
    /// <param name="corpus">The training text.</param>
    /// <param name="vocabularySize">The number of tokens wanted; fewer result when the corpus runs out of pairs.</param>
    /// <returns>The <c>tokenizer.json</c> document.</returns>
    public static string Train(string corpus, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, MinVocabularySize);
        var tokens = new List<string>(vocabularySize);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            var token = ByteLevelAlphabet.ToChar((byte)b).ToString();
            tokens.Add(token);
            ids.Add(token, b);
        }

        var words = BpeTrainingWords.Count(corpus, [BeginOfSequenceToken, EndOfSequenceToken], tokens);
        var merges = new List<(int Left, int Right)>();
        while (tokens.Count < vocabularySize - 2 && words.TryPickPair(out var left, out var right))
        {
            var merged = tokens[left] + tokens[right];
            if (!ids.TryGetValue(merged, out var mergedId))
            {
                // Different pairs can spell the same token ("ab"+"c", "a"+"bc"); it keeps its first id.
                mergedId = tokens.Count;
                tokens.Add(merged);
                ids.Add(merged, mergedId);
            }

            merges.Add((left, right));
            words.Merge(left, right, mergedId);
        }

        return Write(tokens, merges);
    }

    private static string Write(List<string> tokens, List<(int Left, int Right)> merges)
    {
        var output = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var json = new Utf8JsonWriter(output, options))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            WriteAddedToken(json, tokens.Count, BeginOfSequenceToken);
            WriteAddedToken(json, tokens.Count + 1, EndOfSequenceToken);
            json.WriteEndArray();
            json.WriteNull("normalizer");
            json.WriteStartObject("pre_tokenizer");
            WriteByteLevel(json);
            json.WriteEndObject();
            json.WriteNull("post_processor");
            json.WriteStartObject("decoder");
            WriteByteLevel(json);
            json.WriteEndObject();
            json.WriteStartObject("model");
            json.WriteString("type", "BPE");
            json.WriteNull("dropout");
            json.WriteNull("unk_token");
            json.WriteNull("continuing_subword_prefix");
            json.WriteNull("end_of_word_suffix");
            json.WriteBoolean("fuse_unk", false);
            json.WriteBoolean("byte_fallback", false);
            json.WriteBoolean("ignore_merges", false);
            json.WriteStartObject("vocab");
            for (var id = 0; id < tokens.Count; id++)
            {
                json.WriteNumber(tokens[id], id);
            }

            json.WriteEndObject();
            json.WriteStartArray("merges");
            foreach (var (left, right) in merges)
            {
                // Byte-level tokens never contain a space, so the "left right" form is unambiguous and widely read.
                json.WriteStringValue(tokens[left] + " " + tokens[right]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan) + "\n";
    }

    private static void WriteAddedToken(Utf8JsonWriter json, int id, string content)
    {
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteString("content", content);
        json.WriteBoolean("single_word", false);
        json.WriteBoolean("lstrip", false);
        json.WriteBoolean("rstrip", false);
        json.WriteBoolean("normalized", false);
        json.WriteBoolean("special", true);
        json.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter json)
    {
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", true);
    }
}
