using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference;

/// <summary>Runs any <see cref="IInferenceBackend"/> stream to an <see cref="InferenceResult"/> with timings.</summary>
public static class InferenceBackendExtensions
{
    /// <summary>
    /// Generates, timing every token with <paramref name="timeProvider"/> and passing each to
    /// <paramref name="onToken"/>. Cancellation does not throw: it returns a <see cref="InferenceFinishReason.Cancelled"/>
    /// result holding the tokens so far, ready to be resumed.
    /// </summary>
    /// <param name="backend">The backend.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeProvider">The clock the timings use.</param>
    /// <param name="onToken">Called for each streamed token, or null.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The result.</returns>
    public static async Task<InferenceResult> RunAsync(
        this IInferenceBackend backend,
        InferenceRequest request,
        TimeProvider timeProvider,
        Func<InferenceToken, CancellationToken, ValueTask>? onToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var tokens = new List<string>(request.ResumeFrom);

        // Ids are kept only while every piece has one: a partial list could not resume anything.
        var ids = new List<int>(request.ResumeTokenIds);
        var idsComplete = ids.Count == tokens.Count;
        var timings = InferenceTimings.StartNew(timeProvider);
        var stream = backend.GenerateAsync(request, cancellationToken);
        InferenceFinishReason? finish = null;
        try
        {
            await foreach (var token in stream.WithCancellation(cancellationToken))
            {
                timings.RecordToken();
                tokens.Add(token.Text);
                if (idsComplete && token.Id is { } id)
                {
                    ids.Add(id);
                }
                else
                {
                    idsComplete = false;
                }

                finish = token.FinishReason ?? finish;
                if (onToken is not null)
                {
                    await onToken(token, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            finish = InferenceFinishReason.Cancelled;
        }

        // A stream that ended without saying why: at the limit it is Length, otherwise the model stopped.
        finish ??= tokens.Count >= request.MaxTokens ? InferenceFinishReason.Length : InferenceFinishReason.Stop;
        var elapsed = timings.Elapsed();
        return new InferenceResult
        {
            Backend = backend.Name,
            Model = request.Model,
            Tokens = tokens,
            TokenIds = idsComplete ? ids : [],
            ResumedTokenCount = request.ResumeFrom.Count,
            PromptTokenCount = backend.CountTokens(request.Prompt),
            FinishReason = finish.Value,
            TimeToFirstToken = timings.TimeToFirstToken,
            MeanTimeBetweenTokens = timings.MeanTimeBetweenTokens,
            P50TimeBetweenTokens = timings.TimeBetweenTokensPercentile(50),
            P99TimeBetweenTokens = timings.TimeBetweenTokensPercentile(99),
            Elapsed = elapsed,
            TokensPerSecond = timings.TokensPerSecond(elapsed),
        };
    }
}
