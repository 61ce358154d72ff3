using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngCrcTests
{
    [Fact]
    public void Matches_the_published_check_values()
    {
        // CRC-32 of "123456789" is the standard check value; every PNG ends with IEND's CRC AE 42 60 82.
        Assert.Equal(0xCBF43926u, PngCrc.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, PngCrc.Compute("IEND"u8));
        Assert.Equal(0xCBF43926u, PngTestBuilder.Crc32("123456789"u8));
        Assert.Equal(0xAE426082u, PngTestBuilder.Crc32("IEND"u8));
    }

    [Fact]
    public void Running_updates_equal_one_pass()
    {
        var bytes = new byte[1000];
        new Random(3).NextBytes(bytes);

        var running = PngCrc.Finish(PngCrc.Update(PngCrc.Update(PngCrc.Start, bytes.AsSpan(0, 333)), bytes.AsSpan(333)));

        Assert.Equal(PngTestBuilder.Crc32(bytes), running);
        Assert.Equal(running, PngCrc.Compute(bytes));
    }
}
