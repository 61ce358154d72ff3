using Harness.Inference.Sampling;
using Xunit;

namespace Harness.Inference.Tests.Sampling;

public sealed class TokenSamplerTests
{
    [Fact]
    public void Greedy_PicksTheLargestLogit_TheLowestIdOnATie()
    {
        var sampler = new TokenSampler(5);

        Assert.Equal(2, sampler.Sample([0f, 1f, 3f, 3f, -1f], new SamplingParameters(0, 1, 1), 0));
    }

    [Fact]
    public void Draws_DependOnlyOnSeedAndIndex()
    {
        Assert.Equal(TokenSampler.Uniform(7, 3), TokenSampler.Uniform(7, 3));
        Assert.NotEqual(TokenSampler.Uniform(7, 3), TokenSampler.Uniform(7, 4));
        Assert.NotEqual(TokenSampler.Uniform(7, 3), TokenSampler.Uniform(8, 3));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(TokenSampler.Uniform(1, i), 0.0, 1.0 - double.Epsilon));
    }

    [Fact]
    public void Sampling_FollowsTheDistribution()
    {
        // Probabilities 0.5 / 0.25 / 0.25 at temperature 1.
        float[] logits = [MathF.Log(2), 0, 0];
        var sampler = new TokenSampler(3);
        var counts = new int[3];
        for (var i = 0; i < 20_000; i++)
        {
            counts[sampler.Sample(logits, new SamplingParameters(1, 1, 42), i)]++;
        }

        Assert.InRange(counts[0], 9_600, 10_400);
        Assert.InRange(counts[1], 4_700, 5_300);
    }

    [Fact]
    public void TopP_KeepsExactlyTheNucleusAFullSortWouldKeep()
    {
        var random = new Random(5);
        var logits = Enumerable.Range(0, 3000).Select(_ => (float)(random.NextDouble() * 12)).ToArray();
        var sampler = new TokenSampler(logits.Length);
        const float topP = 0.8f;

        // The nucleus by brute force: sort every token, keep them until the mass reaches topP.
        var probabilities = logits.Select(l => Math.Exp(l - logits.Max())).ToArray();
        var total = probabilities.Sum();
        var nucleus = new HashSet<int>();
        var mass = 0.0;
        foreach (var id in Enumerable.Range(0, logits.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i))
        {
            if (mass >= topP * total)
            {
                break;
            }

            nucleus.Add(id);
            mass += probabilities[id];
        }

        var drawn = new HashSet<int>();
        for (var i = 0; i < 20_000; i++)
        {
            drawn.Add(sampler.Sample(logits, new SamplingParameters(1, topP, 3), i));
        }

        Assert.Subset(nucleus, drawn);
        Assert.True(drawn.Count > nucleus.Count / 2, $"only {drawn.Count} of the {nucleus.Count} nucleus tokens were drawn");
    }
}
