namespace Harness.Inference.Generation;

/// <summary>One generated token.</summary>
/// <param name="Index">Its index in the generation, resumed tokens included.</param>
/// <param name="Id">Its id in the vocabulary.</param>
/// <param name="Text">The text it completes: empty while a character is split across tokens, cut short where a stop sequence begins.</param>
/// <param name="Finish">Set on the last token of a generation.</param>
public readonly record struct GeneratedToken(int Index, int Id, string Text, GenerationFinish? Finish = null);
