using Harness.Inference.Models;

namespace Harness.Inference.Generation;

/// <summary>
/// The keys and values one sequence has computed, per layer and position, so each new token attends to the earlier
/// ones without recomputing them. Layout: [layer][position][key/value dimension].
/// </summary>
internal sealed class KvCache
{
    /// <summary>Initializes a new instance of the <see cref="KvCache"/> class.</summary>
    /// <param name="config">The model's shape.</param>
    /// <param name="capacity">The most positions it holds.</param>
    public KvCache(TransformerConfig config, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Width = config.KeyValueDimension;
        Layers = config.LayerCount;
        Keys = new float[(long)Layers * capacity * Width];
        Values = new float[Keys.Length];
    }

    /// <summary>Gets the most positions it holds.</summary>
    public int Capacity { get; }

    /// <summary>Gets the width of one position's keys (all key/value heads).</summary>
    public int Width { get; }

    /// <summary>Gets the number of layers.</summary>
    public int Layers { get; }

    /// <summary>Gets the keys.</summary>
    public float[] Keys { get; }

    /// <summary>Gets the values.</summary>
    public float[] Values { get; }

    /// <summary>Returns where a position's keys (or values) of a layer start.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="position">The position.</param>
    /// <returns>The offset into <see cref="Keys"/> and <see cref="Values"/>.</returns>
    public int Offset(int layer, int position) => ((layer * Capacity) + position) * Width;
}
