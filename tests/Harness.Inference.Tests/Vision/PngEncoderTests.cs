using System.Buffers.Binary;
using System.IO.Compression;
using Harness.Inference.Vision;
using Xunit;

namespace Harness.Inference.Tests.Vision;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(64, 48)]
    public void Random_images_round_trip(int width, int height)
    {
        var image = new RgbImage(width, height);
        new Random(width).NextBytes(image.Pixels);

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image));

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Output_is_8_bit_rgb_with_valid_chunks_and_filtered_rows()
    {
        var image = Gradient(32, 16);

        var png = PngEncoder.Encode(image);

        // Walk the file with the tests' own CRC, so a CRC bug shared by encoder and decoder cannot hide.
        Assert.Equal(PngTestBuilder.Signature, png[..8]);
        var types = new List<string>();
        var idat = new MemoryStream();
        var position = 8;
        while (position < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(PngTestBuilder.Crc32(png.AsSpan(position + 4, 4 + length)), crc);
            if (type == "IDAT")
            {
                idat.Write(png, position + 8, length);
            }

            types.Add(type);
            position += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        Assert.Equal(PngTestBuilder.IhdrData(32, 16, 8, 2), png[16..29]);

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var scanlines = raw.ToArray();
        Assert.Equal(16 * (1 + (32 * 3)), scanlines.Length);
        var filters = Enumerable.Range(0, 16).Select(row => scanlines[row * 97]).ToArray();
        Assert.All(filters, f => Assert.InRange(f, (byte)0, (byte)4));

        // A smooth gradient is what filters are for: some row must use one.
        Assert.Contains(filters, f => f != 0);
    }

    [Fact]
    public void Gradient_round_trips_and_compresses()
    {
        var image = Gradient(256, 64);

        var png = PngEncoder.Encode(image);

        Assert.Equal(image.Pixels, PngDecoder.Decode(png).Pixels);
        Assert.True(png.Length < image.Pixels.Length / 10, $"{png.Length} bytes for {image.Pixels.Length} of pixels");
    }

    private static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.SetPixel(x, y, (byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), (byte)((x + y) / 2));
            }
        }

        return image;
    }
}
