using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace Harness.Inference.Tests.Vision;

/// <summary>
/// Assembles PNG files byte by byte for the decoder tests, independently of the product code: its own bitwise
/// CRC-32, sample packing, row filters and Adam7 pass order (taken from the spec's 8×8 pattern, not from start/step
/// tables), so that a mistake in the decoder is not mirrored here.
/// </summary>
internal static class PngTestBuilder
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // The spec's Adam7 diagram: the pass (1-7) each pixel of an 8×8 tile belongs to.
    private static readonly int[,] Adam7Pattern =
    {
        { 1, 6, 4, 6, 2, 6, 4, 6 },
        { 7, 7, 7, 7, 7, 7, 7, 7 },
        { 5, 6, 5, 6, 5, 6, 5, 6 },
        { 7, 7, 7, 7, 7, 7, 7, 7 },
        { 3, 6, 4, 6, 3, 6, 4, 6 },
        { 7, 7, 7, 7, 7, 7, 7, 7 },
        { 5, 6, 5, 6, 5, 6, 5, 6 },
        { 7, 7, 7, 7, 7, 7, 7, 7 },
    };

    public static int ChannelsOf(int colorType) => colorType switch
    {
        0 or 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(colorType)),
    };

    /// <summary>CRC-32 computed bit by bit, straight from the spec's definition.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    public static byte[] IhdrData(uint width, uint height, int bitDepth, int colorType, int interlace = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = (byte)bitDepth;
        data[9] = (byte)colorType;
        data[12] = (byte)interlace;
        return data;
    }

    public static byte[] Ihdr(uint width, uint height, int bitDepth, int colorType, int interlace = 0) =>
        Chunk("IHDR", IhdrData(width, height, bitDepth, colorType, interlace));

    public static byte[] Iend() => Chunk("IEND", []);

    public static byte[] Zlib(ReadOnlySpan<byte> raw)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    public static byte[] Png(params byte[][] chunks)
    {
        var output = new MemoryStream();
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            output.Write(chunk);
        }

        return output.ToArray();
    }

    /// <summary>Packs samples into a row: big-endian for 16 bits, most significant bits first below 8.</summary>
    public static byte[] PackRow(ReadOnlySpan<int> samples, int bitDepth)
    {
        var row = new byte[((samples.Length * bitDepth) + 7) / 8];
        for (var i = 0; i < samples.Length; i++)
        {
            var sample = samples[i];
            Assert.InRange(sample, 0, (1 << bitDepth) - 1);
            if (bitDepth == 16)
            {
                row[2 * i] = (byte)(sample >> 8);
                row[(2 * i) + 1] = (byte)sample;
            }
            else
            {
                var bitOffset = i * bitDepth;
                row[bitOffset / 8] |= (byte)(sample << (8 - bitDepth - (bitOffset % 8)));
            }
        }

        return row;
    }

    /// <summary>Filters one row; <paramref name="prior"/> is the raw row above (zeros for the first).</summary>
    public static byte[] FilterRow(byte filterType, byte[] row, byte[] prior, int bpp)
    {
        var output = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = prior[i];
            int c = i >= bpp ? prior[i - bpp] : 0;
            int prediction;
            switch (filterType)
            {
                case 0:
                    prediction = 0;
                    break;
                case 1:
                    prediction = a;
                    break;
                case 2:
                    prediction = b;
                    break;
                case 3:
                    prediction = (a + b) / 2;
                    break;
                case 4:
                    var p = a + b - c;
                    var pa = Math.Abs(p - a);
                    var pb = Math.Abs(p - b);
                    var pc = Math.Abs(p - c);
                    prediction = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    break;
                default:
                    prediction = 0;
                    break;
            }

            output[i] = (byte)(row[i] - prediction);
        }

        return output;
    }

    /// <summary>
    /// Serialises an image's samples as PNG image data before compression: per row a filter byte (chosen by
    /// <paramref name="filterForRow"/>, by running row number) and the filtered row; with Adam7, one such
    /// sub-image per non-empty pass.
    /// </summary>
    public static byte[] Scanlines(TestImage image, bool adam7 = false, Func<int, byte>? filterForRow = null)
    {
        filterForRow ??= _ => 0;
        var output = new MemoryStream();
        var bpp = Math.Max(1, image.Channels * image.BitDepth / 8);
        var rowNumber = 0;
        IEnumerable<int> passes = adam7 ? Enumerable.Range(1, 7) : [0];
        foreach (var pass in passes)
        {
            var rows = SubImageRows(image, pass);
            byte[]? prior = null;
            foreach (var samples in rows)
            {
                var raw = PackRow(samples, image.BitDepth);
                prior ??= new byte[raw.Length];
                var filter = filterForRow(rowNumber++);
                output.WriteByte(filter);
                output.Write(FilterRow(filter, raw, prior, bpp));
                prior = raw;
            }
        }

        return output.ToArray();
    }

    /// <summary>A whole PNG of <paramref name="image"/>, with extra chunks (PLTE, tRNS) placed before IDAT.</summary>
    public static byte[] Encode(TestImage image, bool adam7 = false, Func<int, byte>? filterForRow = null, params byte[][] beforeIdat)
    {
        var chunks = new List<byte[]> { Ihdr((uint)image.Width, (uint)image.Height, image.BitDepth, image.ColorType, adam7 ? 1 : 0) };
        chunks.AddRange(beforeIdat);
        chunks.Add(Chunk("IDAT", Zlib(Scanlines(image, adam7, filterForRow))));
        chunks.Add(Iend());
        return Png([.. chunks]);
    }

    /// <summary>Pass 0: the whole image by rows. Passes 1-7: the rows of that Adam7 pass's sub-image.</summary>
    private static List<int[]> SubImageRows(TestImage image, int pass)
    {
        var rows = new List<int[]>();
        for (var y = 0; y < image.Height; y++)
        {
            var row = new List<int>();
            for (var x = 0; x < image.Width; x++)
            {
                if (pass == 0 || Adam7Pattern[y % 8, x % 8] == pass)
                {
                    row.AddRange(image.PixelSamples(x, y));
                }
            }

            if (row.Count > 0)
            {
                rows.Add([.. row]);
            }
        }

        return rows;
    }
}
