using Harness.Inference.Tokenization;
using Xunit;

namespace Harness.Inference.Tests.Tokenization;

public sealed class BpeMergeTableTests
{
    [Fact]
    public void Merges_the_lowest_rank_first_then_repeats()
    {
        // Symbols 0=a, 1=b, 2=c; rank 0: b c -> 3 (bc); rank 1: a b -> 4 (ab); rank 2: a 3 -> 5 (abc).
        var table = new BpeMergeTable(3);
        table.TryAdd(1, 2, 3);
        table.TryAdd(0, 1, 4);
        table.TryAdd(0, 3, 5);
        int[] symbols = [0, 1, 2, 0, 1];

        var count = table.Apply(symbols);

        Assert.Equal([5, 4], symbols[..count]);
    }

    [Fact]
    public void Merges_a_repeated_pair_left_to_right()
    {
        var table = new BpeMergeTable(1);
        table.TryAdd(0, 0, 1);
        int[] symbols = [0, 0, 0];

        var count = table.Apply(symbols);

        Assert.Equal([1, 0], symbols[..count]);
    }

    [Fact]
    public void The_first_merge_of_a_pair_keeps_its_rank()
    {
        var table = new BpeMergeTable(2);

        Assert.True(table.TryAdd(0, 1, 2));
        Assert.False(table.TryAdd(0, 1, 3));
        int[] symbols = [0, 1];
        Assert.Equal(1, table.Apply(symbols));
        Assert.Equal(2, symbols[0]);
    }

    [Fact]
    public void Merges_a_long_word_down_to_its_largest_tokens()
    {
        // 0 0 -> 1, 1 1 -> 2, ... so 2^10 symbols 0 become one token 10.
        var table = new BpeMergeTable(10);
        for (var i = 0; i < 10; i++)
        {
            table.TryAdd(i, i, i + 1);
        }

        var symbols = new int[1024 * 3];
        var count = table.Apply(symbols);

        Assert.Equal([10, 10, 10], symbols[..count]);
    }
}
