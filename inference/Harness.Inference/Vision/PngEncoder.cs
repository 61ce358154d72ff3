using System.Buffers.Binary;
using System.IO.Compression;

namespace Harness.Inference.Vision;

/// <summary>
/// Encodes an <see cref="RgbImage"/> as an 8-bit RGB, non-interlaced PNG. Each row takes the filter whose output
/// has the smallest sum of absolute signed bytes (the heuristic libpng uses), which compresses photos and
/// gradients far better than no filter at little cost.
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes an image.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The PNG file.</returns>
    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var output = new MemoryStream();
        output.Write(PngSignature.Bytes);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)image.Height);
        ihdr[8] = 8;
        ihdr[9] = (byte)PngColorType.Rgb;
        WriteChunk(output, PngChunkType.Ihdr, ihdr);
        WriteChunk(output, PngChunkType.Idat, Compress(image));
        WriteChunk(output, PngChunkType.Iend, []);
        return output.ToArray();
    }

    private static byte[] Compress(RgbImage image)
    {
        const int Bpp = 3;
        var rowBytes = image.Width * 3;
        var zeros = new byte[rowBytes];
        var candidate = new byte[rowBytes];
        var best = new byte[rowBytes + 1];
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * rowBytes, rowBytes);
                var prior = y == 0 ? zeros : image.Pixels.AsSpan((y - 1) * rowBytes, rowBytes);
                var bestScore = long.MaxValue;
                for (var filter = PngFilter.None; filter <= PngFilter.Paeth; filter++)
                {
                    PngFilter.Apply(filter, row, prior, Bpp, candidate);
                    var score = Score(candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best[0] = filter;
                        candidate.CopyTo(best.AsSpan(1));
                    }
                }

                zlib.Write(best);
            }
        }

        return compressed.ToArray();
    }

    private static long Score(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (var b in filtered)
        {
            sum += Math.Abs((int)(sbyte)b);
        }

        return sum;
    }

    private static void WriteChunk(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        BinaryPrimitives.WriteUInt32BigEndian(word, type);
        output.Write(word);
        output.Write(data);
        var crc = PngCrc.Finish(PngCrc.Update(PngCrc.Update(PngCrc.Start, word), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
