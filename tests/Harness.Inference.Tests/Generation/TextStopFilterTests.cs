using Harness.Inference.Generation;
using Xunit;

namespace Harness.Inference.Tests.Generation;

public sealed class TextStopFilterTests
{
    [Fact]
    public void WithoutStops_EveryTokenIsReleasedAtOnce()
    {
        var filter = new TextStopFilter([]);
        var released = new List<GeneratedToken>();

        Assert.False(filter.Add(0, 10, "Hello", released));
        Assert.False(filter.Add(1, 11, " world", released));

        Assert.Equal(["Hello", " world"], released.Select(t => t.Text));
    }

    [Fact]
    public void StopSpanningTokens_IsFound_AndNothingOfItIsReleased()
    {
        var filter = new TextStopFilter(["END"]);
        var released = new List<GeneratedToken>();

        // "E" may begin the stop: the token holding it waits, and so does the next.
        Assert.False(filter.Add(0, 1, "abc E", released));
        Assert.False(filter.Add(1, 2, "N", released));
        Assert.Empty(released);
        Assert.True(filter.Add(2, 3, "Dxyz", released));

        // The token in which the stop begins ends the stream, cut where the stop begins.
        Assert.Equal([(0, "abc ", (GenerationFinish?)GenerationFinish.Stop)], released.Select(t => (t.Index, t.Text, t.Finish)));
    }

    [Fact]
    public void HeldBackText_ThatTurnsOutNotToBeAStop_IsReleasedWithItsTokens()
    {
        var filter = new TextStopFilter(["\n\n"]);
        var released = new List<GeneratedToken>();

        filter.Add(0, 1, "line\n", released);
        Assert.Empty(released);
        filter.Add(1, 2, "next", released);

        Assert.Equal([(0, "line\n"), (1, "next")], released.Select(t => (t.Index, t.Text)));
    }

    [Fact]
    public void Finish_ReleasesWhatIsHeld_WithTheTailOnTheLastToken()
    {
        var filter = new TextStopFilter(["STOP"]);
        var released = new List<GeneratedToken>();
        filter.Add(0, 1, "ST", released);

        filter.Finish(GenerationFinish.Length, "\uFFFD", released);

        Assert.Equal([(0, "ST\uFFFD", (GenerationFinish?)GenerationFinish.Length)], released.Select(t => (t.Index, t.Text, t.Finish)));
    }

    [Fact]
    public void ReplayedText_CountsTowardsAStop_ButIsNotReleasedAgain()
    {
        var filter = new TextStopFilter(["done."]);
        var released = new List<GeneratedToken>();
        filter.Replay("we are do");

        Assert.True(filter.Add(5, 9, "ne. more", released));

        Assert.Equal([(5, string.Empty)], released.Select(t => (t.Index, t.Text)));
    }
}
