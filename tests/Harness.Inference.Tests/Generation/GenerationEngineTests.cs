using Harness.Inference.Generation;
using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Generation;

public sealed class GenerationEngineTests(DemoModelFixture models) : IClassFixture<DemoModelFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SameSeed_GivesTheSameText_AndAnotherSeedAnotherText()
    {
        using var model = models.LoadText();
        var first = await RunAsync(model, Request(model, "The fridge holds", seed: 1));
        var again = await RunAsync(model, Request(model, "The fridge holds", seed: 1));
        var other = await RunAsync(model, Request(model, "The fridge holds", seed: 2));

        Assert.Equal(40, first.Count);
        Assert.Equal(Ids(first), Ids(again));
        Assert.Equal(Text(first), Text(again));
        Assert.NotEqual(Ids(first), Ids(other));
        Assert.Equal(GenerationFinish.Length, first[^1].Finish);
        Assert.Equal(Enumerable.Range(0, 40), first.Select(t => t.Index));
    }

    [Fact]
    public async Task GreedyDecoding_IgnoresTheSeed()
    {
        using var model = models.LoadText();
        var a = await RunAsync(model, Request(model, "Order the missing items", seed: 1) with { Temperature = 0 });
        var b = await RunAsync(model, Request(model, "Order the missing items", seed: 99) with { Temperature = 0 });

        Assert.Equal(Ids(a), Ids(b));
    }

    [Fact]
    public async Task BatchedDecoding_GivesTheSameTokensAsOneAtATime()
    {
        GenerationRequest[] requests =
        [
            Request(models, "A recipe for tomato pasta", seed: 3, maxTokens: 30),
            Request(models, "The shopping list should hold", seed: 4, maxTokens: 45) with { TopP = 0.9f },
            Request(models, "Serve the sauce", seed: 5, maxTokens: 20) with { Temperature = 0.7f },
            Request(models, "Agents run tasks step by step, and each step reads the output of the step before it", seed: 6, maxTokens: 35),
            Request(models, "Breakfast", seed: 7, maxTokens: 25) with { Temperature = 0 },
        ];

        List<GeneratedToken>[] alone;
        using (var single = models.LoadText(maxBatch: 1))
        {
            alone = new List<GeneratedToken>[requests.Length];
            for (var i = 0; i < requests.Length; i++)
            {
                alone[i] = await RunAsync(single, requests[i]);
            }
        }

        // Four at once, the fifth joining as the first to finish leaves; prompts read in chunks of 16 beside decoding.
        using var batched = models.LoadText(maxBatch: 4, prefillChunk: 16);
        var together = await Task.WhenAll(requests.Select(r => RunAsync(batched, r)));

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(Ids(alone[i]), Ids(together[i]));
            Assert.Equal(Text(alone[i]), Text(together[i]));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(23)]
    [InlineData(39)]
    public async Task ResumingAfterKTokens_ContinuesExactlyAsTheUninterruptedRun(int k)
    {
        using var model = models.LoadText();
        var request = Request(model, "Soft preemption saves the tokens generated so far", seed: 11) with { TopP = 0.95f, Temperature = 0.9f };
        var whole = await RunAsync(model, request);

        var resumed = await RunAsync(model, request with { ResumeTokens = [.. Ids(whole).Take(k)] });

        Assert.Equal(Ids(whole).Skip(k), Ids(resumed));
        Assert.Equal(whole.Skip(k).Select(t => t.Index), resumed.Select(t => t.Index));
        Assert.Equal(Text(whole), Text(whole.Take(k)) + Text(resumed));
    }

    [Fact]
    public async Task ResumingWithEveryTokenAlreadyGenerated_GivesNothingMore()
    {
        using var model = models.LoadText();
        var request = Request(model, "Dinner is at seven", seed: 2, maxTokens: 5);
        var whole = await RunAsync(model, request);

        Assert.Empty(await RunAsync(model, request with { ResumeTokens = [.. Ids(whole)] }));
    }

    [Fact]
    public async Task StopSequence_EndsTheTextWhereItBegins_AndIsNotPartOfIt()
    {
        using var model = models.LoadText();
        var request = Request(model, "Add salt to taste", seed: 5, maxTokens: 60);
        var text = Text(await RunAsync(model, request));

        // A stop made of text the run produces, spanning a token boundary somewhere past the start.
        var stop = text.Substring(text.Length / 2, 6);
        var stopped = await RunAsync(model, request with { StopSequences = ["never appears", stop] });

        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], Text(stopped));
        Assert.Equal(GenerationFinish.Stop, stopped[^1].Finish);
        Assert.Single(stopped, t => t.Finish is not null);
    }

    [Fact]
    public async Task HigherPriority_IsAdmittedFirst_WhenTheBatchIsFull()
    {
        using var model = models.LoadText(maxBatch: 1, maxContext: 1024);
        var admitted = new List<int>();
        model.Engine.Admitted = request =>
        {
            lock (admitted)
            {
                admitted.Add(request.Priority);
            }
        };

        // The first fills the only slot for a thousand passes; a background request then a realtime one queue behind
        // it (each is queued by the time its task is returned).
        var first = Request(model, "Recipes", seed: 1, maxTokens: 1000) with { Temperature = 0 };
        await using var running = model.Engine.GenerateAsync(first, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync());
        var background = RunAsync(model, Request(model, "The order", seed: 2, maxTokens: 5) with { Priority = 2 });
        var realtime = RunAsync(model, Request(model, "The order", seed: 3, maxTokens: 5) with { Priority = 0 });
        var firstTokens = 1;
        while (await running.MoveNextAsync())
        {
            firstTokens++;
        }

        await Task.WhenAll(background, realtime).WaitAsync(Timeout);
        Assert.Equal(1000, firstTokens);
        lock (admitted)
        {
            Assert.Equal([first.Priority, 0, 2], admitted);
        }
    }

    [Fact]
    public async Task Cancelling_StopsThatGeneration_AndTheOthersGoOn()
    {
        using var model = models.LoadText(maxBatch: 2);
        using var cancel = new CancellationTokenSource();
        var other = RunAsync(model, Request(model, "A recipe for a simple soup", seed: 8, maxTokens: 50));
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in model.Engine.GenerateAsync(Request(model, "The fridge", seed: 9, maxTokens: 200), cancel.Token))
            {
                if (++received == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(5, received);
        Assert.Equal(50, (await other.WaitAsync(Timeout)).Count);
    }

    [Fact]
    public async Task PromptLongerThanTheContext_IsRefusedNamingThePositions()
    {
        using var model = models.LoadText();
        var ids = Enumerable.Repeat(5, 600).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(model, new GenerationRequest { PromptTokens = ids }));

        Assert.Contains("600 positions", error.Message, StringComparison.Ordinal);
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VisionModel_ReadsTheImage_AndAnotherImageGivesAnotherText()
    {
        using var model = CpuModel.Load(models.VisionDirectory, new GenerationEngineOptions { MaxContextTokens = 256 });
        var vision = model.Config.Vision!;
        float[] Patches(byte shade)
        {
            var image = new RgbImage(16, 16, Enumerable.Range(0, 16 * 16 * 3).Select(i => (byte)((i * shade) % 256)).ToArray());
            var patches = new float[vision.PatchCount * vision.PatchLength];
            ImagePatches.Extract(image, vision.ImageSize, vision.PatchSize, patches);
            return patches;
        }

        var request = Request(model, "What is in the fridge?", seed: 1) with { Temperature = 0 };
        var first = await RunAsync(model, request with { ImagePatches = Patches(3) });
        var same = await RunAsync(model, request with { ImagePatches = Patches(3) });
        var other = await RunAsync(model, request with { ImagePatches = Patches(7) });
        var resumed = await RunAsync(model, request with { ImagePatches = Patches(3), ResumeTokens = [.. Ids(first).Take(10)] });

        Assert.Equal(Ids(first), Ids(same));
        Assert.NotEqual(Ids(first), Ids(other));
        Assert.Equal(Ids(first).Skip(10), Ids(resumed));
    }

    [Fact]
    public async Task TextModel_RefusesAnImage()
    {
        using var model = models.LoadText();
        var request = Request(model, "What is this?", seed: 1) with { ImagePatches = new float[192] };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => RunAsync(model, request));
        Assert.Contains("cannot read images", error.Message, StringComparison.Ordinal);
    }

    private static GenerationRequest Request(CpuModel model, string prompt, long seed, int maxTokens = 40)
    {
        var ids = new List<int> { model.Tokenizer.BeginOfSequenceId!.Value };
        model.Tokenizer.Encode(prompt, ids);
        return new GenerationRequest { PromptTokens = ids, Seed = seed, MaxTokens = maxTokens, Temperature = 1f };
    }

    private static GenerationRequest Request(DemoModelFixture fixture, string prompt, long seed, int maxTokens)
    {
        using var model = fixture.LoadText();
        return Request(model, prompt, seed, maxTokens);
    }

    private static async Task<List<GeneratedToken>> RunAsync(CpuModel model, GenerationRequest request)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var tokens = new List<GeneratedToken>();
        await foreach (var token in model.Engine.GenerateAsync(request, timeout.Token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    private static int[] Ids(IEnumerable<GeneratedToken> tokens) => [.. tokens.Select(t => t.Id)];

    private static string Text(IEnumerable<GeneratedToken> tokens) => string.Concat(tokens.Select(t => t.Text));
}
