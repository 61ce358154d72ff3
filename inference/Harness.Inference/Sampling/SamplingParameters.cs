namespace Harness.Inference.Sampling;

/// <summary>How the next token is chosen from the logits.</summary>
/// <param name="Temperature">0 for greedy decoding (the seed is then irrelevant); otherwise logits are divided by it.</param>
/// <param name="TopP">Nucleus sampling: only the most likely tokens whose probabilities add up to this are kept, in (0, 1].</param>
/// <param name="Seed">The seed: the same seed gives the same choices.</param>
public readonly record struct SamplingParameters(float Temperature, float TopP, long Seed);
