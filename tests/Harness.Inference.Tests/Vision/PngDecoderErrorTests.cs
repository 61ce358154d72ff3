using System.Buffers.Binary;
using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngDecoderErrorTests
{
    private static readonly TestImage Small = TestImage.Random(6, 4, 2, 8, seed: 1);

    [Fact]
    public void Bad_crc_names_the_chunk()
    {
        var png = PngTestBuilder.Encode(Small);
        var idat = IndexOfChunk(png, "IDAT");
        png[idat + 8] ^= 0x01; // one data bit, CRC left as it was

        var error = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png));

        Assert.StartsWith("PNG chunk IDAT: CRC mismatch", error.Message);
    }

    [Fact]
    public void Bad_crc_in_an_ancillary_chunk_is_also_refused()
    {
        var text = PngTestBuilder.Chunk("tEXt", "a\0b"u8);
        text[^1] ^= 0xFF;
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(6, 4, 8, 2), text, PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(PngTestBuilder.Scanlines(Small))), PngTestBuilder.Iend());

        Assert.StartsWith("PNG chunk tEXt: CRC mismatch", Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Truncated_idat_data_is_reported()
    {
        // The zlib stream stops halfway, in an otherwise well-formed chunk with a correct CRC.
        var compressed = PngTestBuilder.Zlib(PngTestBuilder.Scanlines(TestImage.Random(40, 40, 2, 8, seed: 2)));
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(40, 40, 8, 2), PngTestBuilder.Chunk("IDAT", compressed.AsSpan(0, compressed.Length / 2)), PngTestBuilder.Iend());

        var error = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png));

        Assert.StartsWith("PNG IDAT: image data ends early", error.Message);
    }

    [Fact]
    public void Image_data_that_inflates_short_is_reported_with_the_byte_counts()
    {
        // A complete zlib stream holding two of the three rows: 2 × (1 + 6×3) = 38 of 57 bytes.
        var scanlines = PngTestBuilder.Scanlines(TestImage.Random(6, 3, 2, 8, seed: 3));
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(6, 3, 8, 2), PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(scanlines.AsSpan(0, 38))), PngTestBuilder.Iend());

        var error = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png));

        Assert.Equal("PNG IDAT: image data ends early; it inflates to 38 bytes but the header implies 57 (truncated or corrupt).", error.Message);
    }

    [Fact]
    public void File_cut_inside_a_chunk_is_reported()
    {
        var png = PngTestBuilder.Encode(Small);
        var cut = png.AsSpan(0, IndexOfChunk(png, "IDAT") + 20).ToArray();

        var error = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(cut));

        Assert.StartsWith("PNG chunk IDAT: truncated", error.Message);
    }

    [Fact]
    public void Corrupt_zlib_data_is_reported()
    {
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(6, 4, 8, 2), PngTestBuilder.Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]), PngTestBuilder.Iend());

        Assert.StartsWith("PNG IDAT: the zlib data is corrupt", Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Theory]
    [InlineData(3, 2, "PNG IHDR: bit depth 3 is not valid for color type 2 (RGB); valid depths are 8, 16.")]
    [InlineData(16, 3, "PNG IHDR: bit depth 16 is not valid for color type 3 (palette); valid depths are 1, 2, 4, 8.")]
    [InlineData(4, 6, "PNG IHDR: bit depth 4 is not valid for color type 6 (RGBA); valid depths are 8, 16.")]
    [InlineData(1, 4, "PNG IHDR: bit depth 1 is not valid for color type 4 (gray+alpha); valid depths are 8, 16.")]
    [InlineData(8, 5, "PNG IHDR: color type 5 is not valid; valid types are 0 (gray), 2 (RGB), 3 (palette), 4 (gray+alpha) and 6 (RGBA).")]
    public void Invalid_bit_depth_and_color_type_pairs_are_refused(int bitDepth, int colorType, string message)
    {
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(1, 1, bitDepth, colorType), PngTestBuilder.Iend());

        Assert.Equal(message, Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Theory]
    [InlineData(0u, 5u, "PNG IHDR: width is 0; width and height must be at least 1.")]
    [InlineData(5u, 0u, "PNG IHDR: height is 0; width and height must be at least 1.")]
    [InlineData(0x80000000u, 1u, "PNG IHDR: width is 2147483648; the PNG maximum is 2^31-1.")]
    public void Zero_or_out_of_range_dimensions_are_refused(uint width, uint height, string message)
    {
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(width, height, 8, 2), PngTestBuilder.Iend());

        Assert.Equal(message, Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Oversize_image_is_refused_before_allocating_for_it()
    {
        // 20000 × 20000 RGBA16 would need 1.2 GB of RGB output; the header alone must be enough to refuse it.
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(20000, 20000, 16, 6), PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(new byte[100])), PngTestBuilder.Iend());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal("image is 20000x20000 pixels; the limit is 16777216 pixels.", error.Message);
    }

    [Fact]
    public void Pixel_limit_is_a_parameter()
    {
        var png = PngTestBuilder.Encode(Small);

        Assert.Equal(
            "image is 6x4 pixels; the limit is 23 pixels.",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, maxPixels: 23)).Message);
        Assert.Equal(6, PngDecoder.Decode(png, maxPixels: 24).Width);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngDecoder.Decode(png, maxPixels: 0));
    }

    [Fact]
    public void Invalid_filter_type_names_the_row()
    {
        byte[] scanlines = [0, 1, 2, 3, 7, 1, 2, 3];
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(3, 2, 8, 0), PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(scanlines)), PngTestBuilder.Iend());

        Assert.Equal(
            "PNG IDAT: row 1 has filter type 7; valid types are 0 to 4 (corrupt data).",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Palette_image_without_plte_is_refused()
    {
        var image = new TestImage(2, 1, 3, 8, [0, 1]);

        Assert.Equal(
            "PNG IDAT: color type 3 (palette) needs a PLTE chunk before the image data.",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(PngTestBuilder.Encode(image))).Message);
    }

    [Fact]
    public void Palette_index_beyond_the_palette_is_refused()
    {
        var image = new TestImage(2, 1, 3, 8, [0, 2]);
        var png = PngTestBuilder.Encode(image, beforeIdat: PngTestBuilder.Chunk("PLTE", [1, 2, 3, 4, 5, 6]));

        Assert.Equal(
            "PNG IDAT: palette index 2 is out of range; PLTE has 2 entries.",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Theory]
    [InlineData(0, "PLTE", 6, "PNG PLTE: not allowed for color type 0 (gray).")]
    [InlineData(3, "PLTE", 5, "PNG PLTE: length is 5 bytes; it must be 3 bytes per entry, 1 to 256 entries.")]
    [InlineData(6, "tRNS", 2, "PNG tRNS: not allowed for color type 6 (RGBA), which has an alpha channel.")]
    [InlineData(2, "tRNS", 2, "PNG tRNS: length is 2 bytes; for RGB images it must be 6.")]
    [InlineData(0, "tRNS", 6, "PNG tRNS: length is 6 bytes; for gray images it must be 2.")]
    public void Misplaced_or_malformed_plte_and_trns_are_refused(int colorType, string chunk, int length, string message)
    {
        var png = PngTestBuilder.Png(PngTestBuilder.Ihdr(1, 1, 8, colorType), PngTestBuilder.Chunk(chunk, new byte[length]), PngTestBuilder.Iend());

        Assert.Equal(message, Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Trns_longer_than_the_palette_is_refused()
    {
        var png = PngTestBuilder.Png(
            PngTestBuilder.Ihdr(1, 1, 8, 3), PngTestBuilder.Chunk("PLTE", new byte[6]), PngTestBuilder.Chunk("tRNS", new byte[3]), PngTestBuilder.Iend());

        Assert.Equal(
            "PNG tRNS: has 3 alpha values but PLTE has only 2 entries.",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Structural_errors_are_reported()
    {
        var idat = PngTestBuilder.Chunk("IDAT", PngTestBuilder.Zlib(PngTestBuilder.Scanlines(Small)));
        var ihdr = PngTestBuilder.Ihdr(6, 4, 8, 2);

        AssertMessage("not a PNG: the file does not start with the 8-byte PNG signature.", [.. "GIF89a"u8]);
        AssertMessage("PNG: the first chunk must be IHDR, found nothing.", PngTestBuilder.Png());
        AssertMessage("PNG: the first chunk must be IHDR, found IDAT.", PngTestBuilder.Png(idat, ihdr));
        AssertMessage("PNG ends without an IEND chunk (the file is truncated).", PngTestBuilder.Png(ihdr, idat));
        AssertMessage("PNG has no IDAT chunk: there is no image data.", PngTestBuilder.Png(ihdr, PngTestBuilder.Iend()));
        AssertMessage("PNG IHDR: appears more than once.", PngTestBuilder.Png(ihdr, ihdr, idat, PngTestBuilder.Iend()));
        AssertMessage("PNG IHDR: length is 12 bytes; it must be 13.", PngTestBuilder.Png(PngTestBuilder.Chunk("IHDR", new byte[12])));
        AssertMessage(
            "PNG IDAT: IDAT chunks must be consecutive, but another chunk separates them.",
            PngTestBuilder.Png(ihdr, idat, PngTestBuilder.Chunk("tEXt", "a\0b"u8), idat, PngTestBuilder.Iend()));
        AssertMessage(
            "PNG chunk ABCD: a critical chunk this decoder does not know.",
            PngTestBuilder.Png(ihdr, PngTestBuilder.Chunk("ABCD", []), idat, PngTestBuilder.Iend()));
        AssertMessage(
            "PNG chunk at offset 33 has type 0x31323334, which is not four ASCII letters (corrupt data).",
            PngTestBuilder.Png(ihdr, PngTestBuilder.Chunk("1234", []), idat, PngTestBuilder.Iend()));

        var ihdrData = PngTestBuilder.IhdrData(6, 4, 8, 2);
        ihdrData[12] = 2;
        AssertMessage(
            "PNG IHDR: interlace method 2 is not valid; only 0 (none) and 1 (Adam7) are defined.",
            PngTestBuilder.Png(PngTestBuilder.Chunk("IHDR", ihdrData), idat, PngTestBuilder.Iend()));
    }

    [Fact]
    public void Chunk_length_beyond_the_file_is_reported()
    {
        var png = PngTestBuilder.Encode(Small);
        var idat = IndexOfChunk(png, "IDAT");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat), 0x7FFFFFF0);

        Assert.StartsWith(
            "PNG chunk IDAT: truncated; it declares 2147483632 data bytes",
            Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);
    }

    private static void AssertMessage(string message, byte[] png) =>
        Assert.Equal(message, Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png)).Message);

    /// <summary>Offset of the chunk's length field.</summary>
    private static int IndexOfChunk(byte[] png, string type)
    {
        var index = png.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(type));
        Assert.True(index >= 4);
        return index - 4;
    }
}
