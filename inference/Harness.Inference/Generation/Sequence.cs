using System.Threading.Channels;
using Harness.Inference.Sampling;
using Harness.Inference.Tokenization;

namespace Harness.Inference.Generation;

/// <summary>One generation inside a <see cref="GenerationEngine"/>: its prefill, its cache, its text and its output.</summary>
internal sealed class Sequence
{
    private readonly Utf8TokenDecoder _decoder;
    private readonly TextStopFilter _filter;
    private volatile bool _cancelled;

    public Sequence(GenerationRequest request, long arrival, ITokenizer tokenizer)
    {
        _decoder = Utf8TokenDecoder.Create(tokenizer);
        Request = request;
        Arrival = arrival;
        Prefill = [.. request.PromptTokens, .. request.ResumeTokens];
        NextIndex = request.ResumeTokens.Count;
        Sampling = new SamplingParameters(request.Temperature, request.TopP, request.Seed);
        _filter = new TextStopFilter(request.StopSequences);
    }

    /// <summary>Gets the request.</summary>
    public GenerationRequest Request { get; }

    /// <summary>Gets the order of arrival, for first come first served within a priority.</summary>
    public long Arrival { get; }

    /// <summary>Gets the tokens read before generating: the prompt, then the resumed tokens.</summary>
    public int[] Prefill { get; }

    /// <summary>Gets the sampling parameters.</summary>
    public SamplingParameters Sampling { get; }

    /// <summary>Gets the released tokens, read by the caller.</summary>
    public Channel<GeneratedToken> Output { get; } = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Gets or sets the image patches' embeddings [patches, hidden], computed at admission; null without an image.</summary>
    public float[]? PatchEmbeddings { get; set; }

    /// <summary>Gets or sets the number of image positions before the prompt.</summary>
    public int PatchCount { get; set; }

    /// <summary>Gets the number of positions the prefill fills.</summary>
    public int PrefillLength => PatchCount + Prefill.Length;

    /// <summary>Gets or sets how many prefill positions have been read.</summary>
    public int Cursor { get; set; }

    /// <summary>Gets or sets the cache, while admitted.</summary>
    public KvCache? Cache { get; set; }

    /// <summary>Gets or sets the number of positions in the cache.</summary>
    public int Position { get; set; }

    /// <summary>Gets or sets the index of the next token to generate.</summary>
    public int NextIndex { get; set; }

    /// <summary>Gets or sets the last generated token, fed in at the next pass.</summary>
    public int LastToken { get; set; }

    /// <summary>Gets a value indicating whether the prefill is read and the sequence generates a token per pass.</summary>
    public bool Decoding => Cursor == PrefillLength;

    /// <summary>Gets a value indicating whether the caller gave up on it.</summary>
    public bool Cancelled => _cancelled;

    /// <summary>Marks it cancelled; the engine drops it before its next pass.</summary>
    public void Cancel() => _cancelled = true;

    /// <summary>Feeds the resumed tokens' text to the decoder and the stop filter (it was released by the earlier run).</summary>
    /// <param name="tokenizer">The model's tokenizer.</param>
    public void ReplayResumed(ITokenizer tokenizer)
    {
        foreach (var id in Request.ResumeTokens)
        {
            _filter.Replay(_decoder.Append(BytesOf(id, tokenizer)));
        }
    }

    /// <summary>A model's vocabulary may be padded past its tokenizer's: those ids stand for no text.</summary>
    private static ReadOnlySpan<byte> BytesOf(int token, ITokenizer tokenizer) =>
        token < tokenizer.VocabularySize ? tokenizer.GetTokenBytes(token) : [];

    /// <summary>Takes the token just sampled; returns whether the generation is over.</summary>
    /// <param name="token">The token.</param>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="endOfSequence">The ids that end a generation.</param>
    /// <param name="released">Scratch for released tokens.</param>
    /// <returns>True when it ended.</returns>
    public bool Accept(int token, ITokenizer tokenizer, IReadOnlySet<int> endOfSequence, List<GeneratedToken> released)
    {
        released.Clear();
        var index = NextIndex++;
        var ended = false;
        if (endOfSequence.Contains(token))
        {
            _filter.Add(index, token, string.Empty, released);
            _filter.Finish(GenerationFinish.Stop, _decoder.Flush(), released);
            ended = true;
        }
        else if (_filter.Add(index, token, _decoder.Append(BytesOf(token, tokenizer)), released))
        {
            ended = true;
        }
        else if (NextIndex >= Request.MaxTokens || Position + 1 > Cache!.Capacity)
        {
            _filter.Finish(GenerationFinish.Length, _decoder.Flush(), released);
            ended = true;
        }

        LastToken = token;
        foreach (var item in released)
        {
            Output.Writer.TryWrite(item);
        }

        return ended;
    }
}
