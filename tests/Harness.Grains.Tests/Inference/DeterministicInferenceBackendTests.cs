using Harness.GrainInterfaces.Inference;
using Harness.Grains.Inference;
using Xunit;

namespace Harness.Grains.Tests.Inference;

public sealed class DeterministicInferenceBackendTests
{
    private static readonly DeterministicInferenceBackend Backend = new(new DeterministicInferenceOptions(), TimeProvider.System);

    private static InferenceRequest Request(long seed = 42, int maxTokens = 40) => new()
    {
        Model = "tiny-llm",
        Prompt = "Suggest one recipe using eggs and milk.",
        Seed = seed,
        MaxTokens = maxTokens,
    };

    private static Task<InferenceResult> RunAsync(InferenceRequest request, CancellationToken cancellationToken = default) =>
        Backend.RunAsync(request, TimeProvider.System, null, cancellationToken);

    [Fact]
    public async Task Same_seed_gives_same_text()
    {
        var a = await RunAsync(Request(seed: 7));
        var b = await RunAsync(Request(seed: 7));

        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(40, a.TokenCount);
        Assert.False(string.IsNullOrWhiteSpace(a.Text));
        Assert.Equal(7, a.PromptTokenCount);
        Assert.Equal("deterministic", a.Backend);
    }

    [Fact]
    public async Task Different_seeds_give_different_text()
    {
        var a = await RunAsync(Request(seed: 1));
        var b = await RunAsync(Request(seed: 2));

        Assert.NotEqual(a.Text, b.Text);
    }

    [Fact]
    public async Task Greedy_decoding_ignores_the_seed()
    {
        var a = await RunAsync(Request(seed: 1) with { Temperature = 0 });
        var b = await RunAsync(Request(seed: 2) with { Temperature = 0 });

        Assert.Equal(a.Text, b.Text);
    }

    [Fact]
    public async Task Max_tokens_ends_with_length()
    {
        var result = await RunAsync(Request(maxTokens: 5));

        Assert.Equal(5, result.TokenCount);
        Assert.Equal(InferenceFinishReason.Length, result.FinishReason);
    }

    [Fact]
    public async Task Stop_sequence_on_a_word_ends_with_stop_and_excludes_it()
    {
        var full = await RunAsync(Request());
        var stop = full.Tokens[6];
        var expected = full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)];

        var result = await RunAsync(Request() with { StopSequences = [stop] });

        Assert.Equal(InferenceFinishReason.Stop, result.FinishReason);
        Assert.Equal(expected, result.Text);
        Assert.True(result.TokenCount <= 7);
    }

    [Fact]
    public async Task Stop_sequence_spanning_tokens_is_found_and_nothing_of_it_streams()
    {
        var full = await RunAsync(Request());
        var boundary = full.Tokens.Take(4).Sum(t => t.Length);
        var stop = full.Text.Substring(boundary - 2, 4);
        var expected = full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)];
        var streamed = new List<InferenceToken>();

        var result = await Backend.RunAsync(
            Request() with { StopSequences = ["never-there", stop] },
            TimeProvider.System,
            (token, _) =>
            {
                streamed.Add(token);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal(InferenceFinishReason.Stop, result.FinishReason);
        Assert.Equal(expected, result.Text);
        Assert.Equal(expected, string.Concat(streamed.Select(t => t.Text)));
        Assert.Equal(Enumerable.Range(0, streamed.Count), streamed.Select(t => t.Index));
        Assert.Equal(InferenceFinishReason.Stop, streamed[^1].FinishReason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(39)]
    [InlineData(40)]
    public async Task Resume_after_k_tokens_yields_exactly_the_uninterrupted_text(int k)
    {
        var full = await RunAsync(Request());

        var resumed = await RunAsync(Request() with { ResumeFrom = full.Tokens.Take(k).ToArray() });

        Assert.Equal(full.Tokens, resumed.Tokens);
        Assert.Equal(full.FinishReason, resumed.FinishReason);
        Assert.Equal(k, resumed.ResumedTokenCount);
        Assert.Equal(40 - k, resumed.GeneratedTokenCount);
    }

    [Fact]
    public async Task Resume_with_a_stop_sequence_matches_the_uninterrupted_run()
    {
        var plain = await RunAsync(Request());
        var request = Request() with { StopSequences = [plain.Tokens[20]] };
        var full = await RunAsync(request);

        var resumed = await RunAsync(request with { ResumeFrom = full.Tokens.Take(3).ToArray() });

        Assert.Equal(full.Text, resumed.Text);
        Assert.Equal(InferenceFinishReason.Stop, resumed.FinishReason);
    }

    [Fact]
    public async Task Cancellation_mid_stream_returns_cancelled_with_resumable_tokens()
    {
        var full = await RunAsync(Request());
        using var cts = new CancellationTokenSource();

        var partial = await Backend.RunAsync(
            Request(),
            TimeProvider.System,
            async (token, _) =>
            {
                if (token.Index == 9)
                {
                    await cts.CancelAsync();
                }
            },
            cts.Token);

        Assert.Equal(InferenceFinishReason.Cancelled, partial.FinishReason);
        Assert.Equal(10, partial.TokenCount);
        Assert.Equal(full.Tokens.Take(10), partial.Tokens);

        var resumed = await RunAsync(Request() with { ResumeFrom = partial.Tokens });
        Assert.Equal(full.Text, resumed.Text);
    }

    [Fact]
    public async Task The_raw_stream_throws_operation_cancelled_on_cancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in Backend.GenerateAsync(Request(), cts.Token))
            {
                Assert.Fail("no token expected");
            }
        });
    }

    [Fact]
    public async Task Timings_equal_the_configured_delays_on_a_fake_clock()
    {
        var clock = new AutoAdvanceTimeProvider();
        var backend = new DeterministicInferenceBackend(
            new DeterministicInferenceOptions
            {
                FirstTokenDelay = TimeSpan.FromMilliseconds(250),
                TokenDelay = TimeSpan.FromMilliseconds(20),
            },
            clock);

        var result = await backend.RunAsync(Request(maxTokens: 11), clock, null, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(250), result.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(20), result.MeanTimeBetweenTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(20), result.P50TimeBetweenTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(20), result.P99TimeBetweenTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(450), result.Elapsed);
        Assert.Equal(11 / 0.45, result.TokensPerSecond, precision: 6);
    }

    [Fact]
    public void Image_without_vision_support_fails_naming_the_model()
    {
        var request = Request() with { Model = "tiny-vlm", ImageReference = "blob://fridge.jpg" };

        var error = Assert.Throws<NotSupportedException>(() => Backend.GenerateAsync(request, CancellationToken.None));

        Assert.Contains("no vision-capable backend", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny-vlm", error.Message, StringComparison.Ordinal);
        Assert.False(Backend.SupportsVision);
    }

    [Fact]
    public async Task Vision_when_configured_depends_on_the_image()
    {
        var backend = new DeterministicInferenceBackend(new DeterministicInferenceOptions { SupportsVision = true }, TimeProvider.System);
        var request = Request() with { Model = "tiny-vlm", ImageReference = "blob://fridge-1.jpg" };

        var a = await backend.RunAsync(request, TimeProvider.System, null, CancellationToken.None);
        var b = await backend.RunAsync(request with { ImageReference = "blob://fridge-2.jpg" }, TimeProvider.System, null, CancellationToken.None);

        Assert.True(backend.SupportsVision);
        Assert.NotEqual(a.Text, b.Text);
    }

    [Fact]
    public void Unknown_model_is_refused()
    {
        var backend = new DeterministicInferenceBackend(new DeterministicInferenceOptions { Models = ["tiny-llm"] }, TimeProvider.System);

        Assert.True(backend.SupportsModel("tiny-llm"));
        Assert.False(backend.SupportsModel("other"));
        Assert.Throws<NotSupportedException>(() => backend.GenerateAsync(Request() with { Model = "other" }, CancellationToken.None));
    }

    [Fact]
    public void Percentiles_use_nearest_rank()
    {
        var clock = new AutoAdvanceTimeProvider();
        var timings = InferenceTimings.StartNew(clock);
        timings.RecordToken();
        foreach (var ms in new[] { 10, 30, 20, 40 })
        {
            using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(ms), Timeout.InfiniteTimeSpan);
            timings.RecordToken();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(20), timings.TimeBetweenTokensPercentile(50));
        Assert.Equal(TimeSpan.FromMilliseconds(40), timings.TimeBetweenTokensPercentile(99));
        Assert.Equal(TimeSpan.FromMilliseconds(25), timings.MeanTimeBetweenTokens);
    }
}
