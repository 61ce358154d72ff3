using System.Text;

namespace Harness.Inference.Generation;

/// <summary>
/// Applies stop sequences to a token stream's text: a token is released once no stop sequence could still begin within
/// it, and the stream ends with the token in which a stop sequence begins, its text cut where the sequence begins.
/// </summary>
internal sealed class TextStopFilter
{
    private readonly string[] _stops;
    private readonly int _longest;
    private readonly StringBuilder _text = new();
    private readonly List<Pending> _pending = [];

    /// <summary>Initializes a new instance of the <see cref="TextStopFilter"/> class.</summary>
    /// <param name="stops">The stop sequences (empty ones are ignored).</param>
    public TextStopFilter(IReadOnlyList<string> stops)
    {
        _stops = [.. stops.Where(s => s.Length > 0)];
        _longest = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
    }

    /// <summary>Takes in the text of tokens released by an earlier run (not released again).</summary>
    /// <param name="text">The text.</param>
    public void Replay(string text) => _text.Append(text);

    /// <summary>Adds a token; appends to <paramref name="released"/> the tokens that can be released.</summary>
    /// <param name="index">The token's index.</param>
    /// <param name="id">The token's id.</param>
    /// <param name="piece">The text it completes.</param>
    /// <param name="released">Receives released tokens.</param>
    /// <returns>True when a stop sequence ended the stream (the last released token carries <see cref="GenerationFinish.Stop"/>).</returns>
    public bool Add(int index, int id, string piece, List<GeneratedToken> released)
    {
        if (_stops.Length == 0)
        {
            released.Add(new GeneratedToken(index, id, piece));
            return false;
        }

        var before = _text.Length;
        _pending.Add(new Pending(index, id, piece, before));
        _text.Append(piece);
        var searchFrom = Math.Max(0, before - (_longest - 1));
        var window = _text.ToString(searchFrom, _text.Length - searchFrom);
        var stopAt = -1;
        foreach (var stop in _stops)
        {
            var at = window.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (stopAt < 0 || at < stopAt))
            {
                stopAt = at;
            }
        }

        if (stopAt >= 0)
        {
            ReleaseUpTo(searchFrom + stopAt, released);
            return true;
        }

        var releasable = _text.Length - HeldBack(window);
        var count = 0;
        while (count < _pending.Count && _pending[count].Start + _pending[count].Text.Length <= releasable)
        {
            var token = _pending[count++];
            released.Add(new GeneratedToken(token.Index, token.Id, token.Text));
        }

        _pending.RemoveRange(0, count);
        return false;
    }

    /// <summary>Releases what is held, the last token carrying <paramref name="finish"/> and followed by <paramref name="tail"/>.</summary>
    /// <param name="finish">Why the stream ends.</param>
    /// <param name="tail">Text left over at the end (e.g. an incomplete character's replacement).</param>
    /// <param name="released">Receives released tokens.</param>
    public void Finish(GenerationFinish finish, string tail, List<GeneratedToken> released)
    {
        foreach (var token in _pending)
        {
            released.Add(new GeneratedToken(token.Index, token.Id, token.Text));
        }

        _pending.Clear();
        if (released.Count > 0)
        {
            var last = released[^1];
            released[^1] = last with { Text = last.Text + tail, Finish = finish };
        }
    }

    private void ReleaseUpTo(int stopAt, List<GeneratedToken> released)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var token = _pending[i];
            var kept = token.Text[..Math.Clamp(stopAt - token.Start, 0, token.Text.Length)];
            var last = i == _pending.Count - 1 || _pending[i + 1].Start >= stopAt;
            released.Add(new GeneratedToken(token.Index, token.Id, kept, last ? GenerationFinish.Stop : null));
            if (last)
            {
                break;
            }
        }

        _pending.Clear();
    }

    /// <summary>The length of the longest end of <paramref name="window"/> that begins a stop sequence.</summary>
    private int HeldBack(string window)
    {
        var held = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, window.Length); length > held; length--)
            {
                if (string.CompareOrdinal(window, window.Length - length, stop, 0, length) == 0)
                {
                    held = length;
                    break;
                }
            }
        }

        return held;
    }

    private readonly record struct Pending(int Index, int Id, string Text, int Start);
}
