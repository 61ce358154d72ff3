namespace Harness.Inference.Models;

/// <summary>The element types of a safetensors tensor that can be read as 32-bit floats.</summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 single precision (<c>F32</c>).</summary>
    F32,

    /// <summary>IEEE 754 half precision (<c>F16</c>), widened on load.</summary>
    F16,

    /// <summary>bfloat16 (<c>BF16</c>), the upper half of a single, widened on load.</summary>
    BF16,
}
