namespace Harness.Inference.Vision;

/// <summary>
/// Turns reconstructed scanlines of any PNG color type and bit depth into 8-bit RGB. Transparency (an alpha channel,
/// or tRNS) is composited over white, because a vision model sees no alpha and transparent regions of logos,
/// screenshots and diagrams are meant to read as background; samples of 16 bits keep their high byte.
/// </summary>
internal sealed class PngPixelConverter
{
    private readonly PngColorType _colorType;
    private readonly int _bitDepth;
    private readonly int _channels;
    private readonly byte[] _palette;
    private readonly int _paletteEntries;
    private readonly ushort[]? _colorKey;

    /// <summary>Initializes a new instance of the <see cref="PngPixelConverter"/> class.</summary>
    /// <param name="header">The image header.</param>
    /// <param name="palette">PLTE data (RGB triples) for palette images, otherwise empty.</param>
    /// <param name="transparency">tRNS data, or empty when there is none.</param>
    public PngPixelConverter(PngHeader header, ReadOnlySpan<byte> palette, ReadOnlySpan<byte> transparency)
    {
        _colorType = header.ColorType;
        _bitDepth = header.BitDepth;
        _channels = header.Channels;
        _palette = [];
        if (_colorType == PngColorType.Palette)
        {
            _paletteEntries = palette.Length / 3;
            _palette = new byte[_paletteEntries * 3];
            for (var i = 0; i < _paletteEntries; i++)
            {
                var alpha = i < transparency.Length ? transparency[i] : (byte)255;
                for (var c = 0; c < 3; c++)
                {
                    _palette[(i * 3) + c] = Composite8(palette[(i * 3) + c], alpha);
                }
            }
        }
        else if (!transparency.IsEmpty)
        {
            // A tRNS color key is one 16-bit value per gray/RGB sample, compared at the image's own bit depth.
            _colorKey = new ushort[transparency.Length / 2];
            for (var i = 0; i < _colorKey.Length; i++)
            {
                _colorKey[i] = (ushort)((transparency[2 * i] << 8) | transparency[(2 * i) + 1]);
            }
        }
    }

    /// <summary>Converts one reconstructed row.</summary>
    /// <param name="row">The row, without its filter-type byte.</param>
    /// <param name="pixels">Pixels in the row.</param>
    /// <param name="rgb">Receives <paramref name="pixels"/> × 3 bytes.</param>
    /// <exception cref="ImageFormatException">A palette index has no PLTE entry.</exception>
    public void ConvertRow(ReadOnlySpan<byte> row, int pixels, Span<byte> rgb)
    {
        switch (_colorType)
        {
            case PngColorType.Grayscale:
                ConvertGray(row, pixels, rgb);
                break;
            case PngColorType.Rgb:
                ConvertRgb(row, pixels, rgb);
                break;
            case PngColorType.Palette:
                ConvertPalette(row, pixels, rgb);
                break;
            default:
                ConvertWithAlpha(row, pixels, rgb);
                break;
        }
    }

    private static int ReadSample(ReadOnlySpan<byte> row, int index, int bitDepth)
    {
        switch (bitDepth)
        {
            case 8:
                return row[index];
            case 16:
                return (row[2 * index] << 8) | row[(2 * index) + 1];
            default:
                // Sub-byte samples are packed from the most significant bit down.
                var bit = index * bitDepth;
                return (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
        }
    }

    private static byte Composite8(int color, int alpha) => (byte)(((color * alpha) + (255 * (255 - alpha)) + 127) / 255);

    private static byte Composite16(int color, int alpha)
    {
        var value = (((ulong)color * (ulong)alpha) + (65535UL * (ulong)(65535 - alpha)) + 32767) / 65535;
        return (byte)(value >> 8);
    }

    private byte ToByte(int sample) => _bitDepth switch
    {
        1 => (byte)(sample * 255),
        2 => (byte)(sample * 85),
        4 => (byte)(sample * 17),
        8 => (byte)sample,
        _ => (byte)(sample >> 8),
    };

    private void ConvertGray(ReadOnlySpan<byte> row, int pixels, Span<byte> rgb)
    {
        for (var x = 0; x < pixels; x++)
        {
            var sample = ReadSample(row, x, _bitDepth);
            var value = _colorKey is not null && sample == _colorKey[0] ? (byte)255 : ToByte(sample);
            rgb[3 * x] = value;
            rgb[(3 * x) + 1] = value;
            rgb[(3 * x) + 2] = value;
        }
    }

    private void ConvertRgb(ReadOnlySpan<byte> row, int pixels, Span<byte> rgb)
    {
        if (_bitDepth == 8 && _colorKey is null)
        {
            row[..(pixels * 3)].CopyTo(rgb);
            return;
        }

        for (var x = 0; x < pixels; x++)
        {
            var r = ReadSample(row, 3 * x, _bitDepth);
            var g = ReadSample(row, (3 * x) + 1, _bitDepth);
            var b = ReadSample(row, (3 * x) + 2, _bitDepth);
            var transparent = _colorKey is not null && r == _colorKey[0] && g == _colorKey[1] && b == _colorKey[2];
            rgb[3 * x] = transparent ? (byte)255 : ToByte(r);
            rgb[(3 * x) + 1] = transparent ? (byte)255 : ToByte(g);
            rgb[(3 * x) + 2] = transparent ? (byte)255 : ToByte(b);
        }
    }

    private void ConvertPalette(ReadOnlySpan<byte> row, int pixels, Span<byte> rgb)
    {
        for (var x = 0; x < pixels; x++)
        {
            var index = ReadSample(row, x, _bitDepth);
            if (index >= _paletteEntries)
            {
                throw new ImageFormatException(
                    $"PNG IDAT: palette index {index} is out of range; PLTE has {_paletteEntries} entries.");
            }

            rgb[3 * x] = _palette[3 * index];
            rgb[(3 * x) + 1] = _palette[(3 * index) + 1];
            rgb[(3 * x) + 2] = _palette[(3 * index) + 2];
        }
    }

    private void ConvertWithAlpha(ReadOnlySpan<byte> row, int pixels, Span<byte> rgb)
    {
        var colorSamples = _channels - 1;
        for (var x = 0; x < pixels; x++)
        {
            var first = x * _channels;
            var alpha = ReadSample(row, first + colorSamples, _bitDepth);
            for (var c = 0; c < 3; c++)
            {
                // Gray+alpha has one color sample, used for all three outputs.
                var sample = ReadSample(row, first + Math.Min(c, colorSamples - 1), _bitDepth);
                rgb[(3 * x) + c] = _bitDepth == 8 ? Composite8(sample, alpha) : Composite16(sample, alpha);
            }
        }
    }
}
