using System.Runtime.CompilerServices;
using System.Text;
using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference;

/// <summary>
/// A weightless backend whose text is a pure function of (model, prompt, image, seed, token index): token
/// <c>i</c> is a word picked from a fixed vocabulary by a hash of those inputs, so the same request always gives the
/// same text, another seed gives another, and resuming after <c>k</c> tokens yields exactly the uninterrupted suffix.
/// Delays (on the injected <see cref="TimeProvider"/>) make TTFT and TBT meaningful.
/// </summary>
public sealed class DeterministicInferenceBackend : IInferenceBackend
{
    private static readonly string[] DefaultVocabulary =
    [
        "the", "a", "fridge", "holds", "eggs", "milk", "cheese", "tomato", "onion", "pepper", "and", "with",
        "recipe", "bake", "slice", "stir", "fresh", "green", "warm", "bowl", "then", "serve", "order", "bread",
        "butter", "salt", "pan", "minutes", "until", "golden", "add", "mix",
    ];

    private readonly DeterministicInferenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string[] _vocabulary;

    /// <summary>Initializes a new instance of the <see cref="DeterministicInferenceBackend"/> class.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock the delays run on.</param>
    public DeterministicInferenceBackend(DeterministicInferenceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _vocabulary = options.Vocabulary.Count > 0 ? [.. options.Vocabulary] : DefaultVocabulary;
    }

    /// <inheritdoc />
    public string Name => "deterministic";

    /// <inheritdoc />
    public bool SupportsVision => _options.SupportsVision;

    /// <inheritdoc />
    public bool SupportsModel(string model) =>
        _options.Models.Count == 0 || _options.Models.Contains(model, StringComparer.Ordinal);

    /// <inheritdoc />
    public int CountTokens(string text) =>
        string.IsNullOrWhiteSpace(text) ? 0 : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <inheritdoc />
    public IAsyncEnumerable<InferenceToken> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        InferenceRequestChecks.ValidateSampling(request);

        if (!SupportsModel(request.Model))
        {
            throw new NotSupportedException($"Backend '{Name}' does not serve model '{request.Model}'.");
        }

        if (request.ImageReference is not null && !SupportsVision)
        {
            throw new NotSupportedException(
                $"no vision-capable backend for model '{request.Model}': backend '{Name}' cannot read images.");
        }

        return GenerateCoreAsync(request, cancellationToken);
    }

    private static ulong Fnv1a(ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // A separator so ("ab", "c") and ("a", "bc") differ.
        return (hash ^ 0xFF) * 1099511628211UL;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static int EarliestStop(string text, int from, IReadOnlyList<string> stops)
    {
        var earliest = -1;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest))
            {
                earliest = at;
            }
        }

        return earliest;
    }

    // The longest suffix of text that is a proper prefix of a stop sequence: it must be held back.
    private static int HeldBackLength(string text, IReadOnlyList<string> stops)
    {
        var held = 0;
        foreach (var stop in stops)
        {
            for (var len = Math.Min(stop.Length - 1, text.Length); len > held; len--)
            {
                if (string.CompareOrdinal(text, text.Length - len, stop, 0, len) == 0)
                {
                    held = len;
                    break;
                }
            }
        }

        return held;
    }

    private static ulong BaseHash(InferenceRequest request)
    {
        var hash = Fnv1a(14695981039346656037UL, request.Model);
        hash = Fnv1a(hash, request.Prompt);
        hash = Fnv1a(hash, request.ImageReference ?? string.Empty);

        // Greedy decoding (temperature 0) ignores the seed, as a real sampler would.
        var seed = request.Temperature == 0 ? 0 : request.Seed;
        return SplitMix64(hash ^ (ulong)seed);
    }

    private string Piece(ulong baseHash, int index)
    {
        var word = _vocabulary[(int)(SplitMix64(baseHash + ((ulong)index * 0xD1B54A32D192ED03UL)) % (ulong)_vocabulary.Length)];
        return index == 0 ? word : " " + word;
    }

    private async IAsyncEnumerable<InferenceToken> GenerateCoreAsync(
        InferenceRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseHash = BaseHash(request);
        var stops = request.StopSequences.Where(s => s.Length > 0).ToArray();
        var text = new StringBuilder(string.Concat(request.ResumeFrom));
        var emittedLength = text.Length;
        var pending = new List<(int Index, string Text, int Start)>();
        var first = true;

        for (var index = request.ResumeFrom.Count; index < request.MaxTokens; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var delay = first ? _options.FirstTokenDelay : _options.TokenDelay;
            first = false;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }

            var piece = Piece(baseHash, index);
            pending.Add((index, piece, text.Length));
            text.Append(piece);
            var current = text.ToString();

            var stopAt = stops.Length == 0 ? -1 : EarliestStop(current, Math.Max(0, emittedLength - stops.Max(s => s.Length)), stops);
            if (stopAt >= 0)
            {
                // Emit what precedes the stop sequence; the token where it begins ends the stream.
                for (var i = 0; i < pending.Count; i++)
                {
                    var (pIndex, pText, pStart) = pending[i];
                    var last = i == pending.Count - 1 || pending[i + 1].Start >= stopAt;
                    var kept = pText[..Math.Clamp(stopAt - pStart, 0, pText.Length)];
                    if (last)
                    {
                        yield return new InferenceToken(pIndex, kept, InferenceFinishReason.Stop);
                        yield break;
                    }

                    yield return new InferenceToken(pIndex, kept);
                }
            }

            if (index == request.MaxTokens - 1)
            {
                for (var i = 0; i < pending.Count; i++)
                {
                    var finish = i == pending.Count - 1 ? InferenceFinishReason.Length : (InferenceFinishReason?)null;
                    yield return new InferenceToken(pending[i].Index, pending[i].Text, finish);
                }

                yield break;
            }

            // Release every pending token that lies wholly before a possible partial stop sequence.
            var releasable = current.Length - (stops.Length == 0 ? 0 : HeldBackLength(current, stops));
            var released = 0;
            while (released < pending.Count && pending[released].Start + pending[released].Text.Length <= releasable)
            {
                yield return new InferenceToken(pending[released].Index, pending[released].Text);
                emittedLength = pending[released].Start + pending[released].Text.Length;
                released++;
            }

            pending.RemoveRange(0, released);
        }
    }
}
