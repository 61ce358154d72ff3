namespace Harness.GrainInterfaces.Inference;

/// <summary>How far one inference execution is.</summary>
public sealed record InferenceProgress
{
    /// <summary>Gets the stage: <c>idle</c> (not started), <c>queued</c> (waiting for its lease), <c>loading</c> (its model's weights), <c>generating</c> or <c>ended</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>Gets the tokens this execution has generated so far (resumed ones not counted).</summary>
    public int GeneratedTokens { get; init; }

    /// <summary>Gets the device it runs on, once chosen.</summary>
    public string? Device { get; init; }
}
