namespace Harness.Inference.Vision;

/// <summary>
/// The five PNG row filters (method 0). Each predicts a byte from its left neighbour <c>a</c> (one pixel back),
/// the byte above <c>b</c> and the one above-left <c>c</c>; bytes before the row start and the row above the first
/// count as 0. Filtering stores the byte minus its prediction (mod 256); reconstruction adds it back.
/// </summary>
internal static class PngFilter
{
    /// <summary>Filter types: stored as the first byte of each row.</summary>
    public const byte None = 0;

    /// <summary>Predicts from the left neighbour.</summary>
    public const byte Sub = 1;

    /// <summary>Predicts from the byte above.</summary>
    public const byte Up = 2;

    /// <summary>Predicts the floor of the mean of left and above.</summary>
    public const byte Average = 3;

    /// <summary>Predicts whichever of left, above, above-left is closest to left + above - above-left.</summary>
    public const byte Paeth = 4;

    /// <summary>Reconstructs a filtered row in place.</summary>
    /// <param name="filterType">The row's filter type, 0 to 4 (checked by the caller).</param>
    /// <param name="row">The filtered row, without its filter-type byte; reconstructed on return.</param>
    /// <param name="prior">The reconstructed row above, all zeros for a pass's first row; same length.</param>
    /// <param name="bpp">Bytes per complete pixel, at least 1.</param>
    public static void Unfilter(byte filterType, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        switch (filterType)
        {
            case None:
                break;
            case Sub:
                for (var i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case Up:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                break;
            case Average:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + prior[i]) >> 1);
                }

                break;
            case Paeth:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : (byte)0;
                    var upLeft = i >= bpp ? prior[i - bpp] : (byte)0;
                    row[i] += PaethPredictor(left, prior[i], upLeft);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filterType), filterType, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>Filters a row.</summary>
    /// <param name="filterType">The filter type, 0 to 4.</param>
    /// <param name="row">The raw row, without a filter-type byte.</param>
    /// <param name="prior">The raw row above, all zeros for the first row; same length.</param>
    /// <param name="bpp">Bytes per complete pixel, at least 1.</param>
    /// <param name="output">Receives the filtered row; same length.</param>
    public static void Apply(byte filterType, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var left = i >= bpp ? row[i - bpp] : (byte)0;
            var upLeft = i >= bpp ? prior[i - bpp] : (byte)0;
            var prediction = filterType switch
            {
                None => 0,
                Sub => left,
                Up => prior[i],
                Average => (left + prior[i]) >> 1,
                Paeth => PaethPredictor(left, prior[i], upLeft),
                _ => throw new ArgumentOutOfRangeException(nameof(filterType), filterType, "PNG filter types are 0 to 4."),
            };
            output[i] = (byte)(row[i] - prediction);
        }
    }

    /// <summary>The Paeth predictor, with the spec's tie order: left, then above, then above-left.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Above.</param>
    /// <param name="c">Above-left.</param>
    /// <returns>The predicted byte.</returns>
    public static byte PaethPredictor(byte a, byte b, byte c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
