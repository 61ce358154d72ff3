namespace Harness.Inference.Vision;

/// <summary>
/// The seven passes of Adam7 interlacing: pass <c>p</c> holds the pixels at
/// x = <see cref="XStart"/>[p] + k·<see cref="XStep"/>[p], y = <see cref="YStart"/>[p] + k·<see cref="YStep"/>[p].
/// </summary>
internal static class Adam7
{
    /// <summary>The number of passes.</summary>
    public const int Passes = 7;

    /// <summary>Gets the first column of each pass.</summary>
    public static ReadOnlySpan<int> XStart => [0, 4, 0, 2, 0, 1, 0];

    /// <summary>Gets the first row of each pass.</summary>
    public static ReadOnlySpan<int> YStart => [0, 0, 4, 0, 2, 0, 1];

    /// <summary>Gets the column step of each pass.</summary>
    public static ReadOnlySpan<int> XStep => [8, 8, 4, 4, 2, 2, 1];

    /// <summary>Gets the row step of each pass.</summary>
    public static ReadOnlySpan<int> YStep => [8, 8, 8, 4, 4, 2, 2];

    /// <summary>
    /// The size of a pass's sub-image; a pass with zero width or height is absent from the data (no filter bytes).
    /// </summary>
    /// <param name="pass">The pass, 0 to 6.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>The pass's width and height in pixels.</returns>
    public static (int Width, int Height) PassSize(int pass, int width, int height) =>
        (Count(width, XStart[pass], XStep[pass]), Count(height, YStart[pass], YStep[pass]));

    private static int Count(int size, int start, int step) => size <= start ? 0 : ((size - start - 1) / step) + 1;
}
