namespace Harness.Inference.Generation;

/// <summary>Why a generation ended.</summary>
public enum GenerationFinish
{
    /// <summary>The model produced an end-of-sequence token or a stop sequence.</summary>
    Stop,

    /// <summary>The token limit or the model's context was reached.</summary>
    Length,
}
