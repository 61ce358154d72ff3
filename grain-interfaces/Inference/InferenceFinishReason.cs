namespace Harness.GrainInterfaces.Inference;

/// <summary>Why a generation ended.</summary>
public enum InferenceFinishReason
{
    /// <summary>The model ended the text or a stop sequence was reached.</summary>
    Stop,

    /// <summary>The maximum token count was reached.</summary>
    Length,

    /// <summary>The caller cancelled the generation (e.g. preemption); the tokens so far can be resumed.</summary>
    Cancelled,
}
