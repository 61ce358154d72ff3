namespace Harness.Inference.Models;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape, outermost first.</param>
/// <param name="Offset">The byte offset of its data from the start of the file.</param>
/// <param name="ByteLength">The length of its data in bytes.</param>
internal sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, long Offset, long ByteLength)
{
    /// <summary>Gets the number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>Gets the shape as text, e.g. <c>[64, 128]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
