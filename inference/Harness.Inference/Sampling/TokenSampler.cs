namespace Harness.Inference.Sampling;

/// <summary>
/// Picks tokens from logits: greedy, or temperature and top-p sampling. The random draw for the token at index i of a
/// generation depends only on the seed and i, never on earlier draws, so a generation resumed after k tokens draws
/// exactly what the uninterrupted one would have. Scratch is allocated once; sampling allocates nothing.
/// </summary>
internal sealed class TokenSampler
{
    private const int Buckets = 64;

    private readonly float[] _probabilities;
    private readonly Candidate[] _candidates;
    private readonly double[] _bucketMass = new double[Buckets + 1];

    /// <summary>Initializes a new instance of the <see cref="TokenSampler"/> class.</summary>
    /// <param name="vocabularySize">The number of logits it samples from.</param>
    public TokenSampler(int vocabularySize)
    {
        _probabilities = new float[vocabularySize];
        _candidates = new Candidate[vocabularySize];
    }

    /// <summary>Returns the uniform draw in [0, 1) for token <paramref name="index"/> of a generation seeded <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="index">The token's index in the generation.</param>
    /// <returns>The draw.</returns>
    public static double Uniform(long seed, int index)
    {
        var x = SplitMix64((ulong)seed ^ SplitMix64((ulong)index + 1));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Chooses the token at index <paramref name="index"/> of a generation.</summary>
    /// <param name="logits">The logits over the vocabulary.</param>
    /// <param name="parameters">Temperature, top-p and seed.</param>
    /// <param name="index">The token's index in the generation (resumed tokens count).</param>
    /// <returns>The token id.</returns>
    public int Sample(ReadOnlySpan<float> logits, SamplingParameters parameters, int index)
    {
        if (parameters.Temperature <= 0)
        {
            return ArgMax(logits);
        }

        var max = logits[ArgMax(logits)];
        var inverseTemperature = 1f / parameters.Temperature;
        var probabilities = _probabilities.AsSpan(0, logits.Length);
        var total = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var p = MathF.Exp((logits[i] - max) * inverseTemperature);
            probabilities[i] = p;
            total += p;
        }

        var draw = Uniform(parameters.Seed, index);
        if (parameters.TopP >= 1f)
        {
            return Pick(probabilities, draw * total);
        }

        return SampleNucleus(probabilities, total, parameters.TopP, draw);
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int Pick(ReadOnlySpan<float> probabilities, double target)
    {
        var cumulative = 0.0;
        var last = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0)
            {
                continue;
            }

            cumulative += probabilities[i];
            last = i;
            if (cumulative > target)
            {
                return i;
            }
        }

        return last;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static int Bucket(float probability) =>
        probability <= 0 ? Buckets : Math.Min(Buckets, (int)-Math.Log2(probability));

    /// <summary>
    /// Top-p without sorting the whole vocabulary: probabilities (relative to the most likely, which is 1) are bucketed
    /// by power of two; only the buckets needed to reach the nucleus' mass are sorted. The nucleus is the same as a
    /// full sort's (most likely first, ties by lower id).
    /// </summary>
    private int SampleNucleus(ReadOnlySpan<float> probabilities, double total, float topP, double draw)
    {
        Array.Clear(_bucketMass);
        foreach (var p in probabilities)
        {
            _bucketMass[Bucket(p)] += p;
        }

        var needed = topP * total;
        var lastBucket = 0;
        for (var mass = 0.0; lastBucket < Buckets; lastBucket++)
        {
            mass += _bucketMass[lastBucket];
            if (mass >= needed)
            {
                break;
            }
        }

        var count = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (Bucket(probabilities[i]) <= lastBucket)
            {
                _candidates[count++] = new Candidate(probabilities[i], i);
            }
        }

        var candidates = _candidates.AsSpan(0, count);
        candidates.Sort(default(CandidateOrder));
        var kept = 0;
        var keptMass = 0.0;
        while (kept < candidates.Length && (kept == 0 || keptMass < needed))
        {
            keptMass += candidates[kept++].Probability;
        }

        var target = draw * keptMass;
        var cumulative = 0.0;
        for (var i = 0; i < kept; i++)
        {
            cumulative += candidates[i].Probability;
            if (cumulative > target)
            {
                return candidates[i].Id;
            }
        }

        return candidates[kept - 1].Id;
    }

    private readonly record struct Candidate(float Probability, int Id);

    private readonly struct CandidateOrder : IComparer<Candidate>
    {
        public int Compare(Candidate x, Candidate y)
        {
            var byProbability = y.Probability.CompareTo(x.Probability);
            return byProbability != 0 ? byProbability : x.Id.CompareTo(y.Id);
        }
    }
}
