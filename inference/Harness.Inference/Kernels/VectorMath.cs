using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Harness.Inference.Kernels;

/// <summary>
/// The arithmetic kernels of the forward pass. Every result depends only on the values and on element indices, never
/// on where a span lies in memory or on what else is in the batch: a token's logits are bitwise the same whether it is
/// decoded alone, in a batch or as part of a prefill, which is what lets a preempted generation resume exactly.
/// (TensorPrimitives is used only for element-wise operations that are exact, such as add and multiply.)
/// </summary>
internal static class VectorMath
{
    /// <summary>Returns the dot product of two spans of equal length, summed in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            var acc2 = Vector512<float>.Zero;
            var acc3 = Vector512<float>.Zero;
            for (; i <= n - 64; i += 64)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)(i + 16)), Vector512.LoadUnsafe(ref rb, (nuint)(i + 16)), acc1);
                acc2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)(i + 32)), Vector512.LoadUnsafe(ref rb, (nuint)(i + 32)), acc2);
                acc3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)(i + 48)), Vector512.LoadUnsafe(ref rb, (nuint)(i + 48)), acc3);
            }

            for (; i <= n - 16; i += 16)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i), acc0);
            }

            sum = Vector512.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            var acc2 = Vector256<float>.Zero;
            var acc3 = Vector256<float>.Zero;
            for (; i <= n - 32; i += 32)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)(i + 8)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 8)), acc1);
                acc2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)(i + 16)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 16)), acc2);
                acc3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)(i + 24)), Vector256.LoadUnsafe(ref rb, (nuint)(i + 24)), acc3);
            }

            for (; i <= n - 8; i += 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc0);
            }

            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), sum);
        }

        return sum;
    }

    /// <summary>
    /// Four dot products of <paramref name="w"/> with four vectors at once, each bitwise equal to
    /// <see cref="Dot"/>(w, x<sub>k</sub>): every vector keeps its own accumulators in the same order, while each load of
    /// <paramref name="w"/> serves all four (a batch then costs about one pass over the weights, not four).
    /// </summary>
    public static void Dot4(ReadOnlySpan<float> w, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> results)
    {
        var n = w.Length;
        if (!Vector512.IsHardwareAccelerated || n < 64)
        {
            results[0] = Dot(w, x0);
            results[1] = Dot(w, x1);
            results[2] = Dot(w, x2);
            results[3] = Dot(w, x3);
            return;
        }

        ref var rw = ref MemoryMarshal.GetReference(w);
        ref var r0 = ref MemoryMarshal.GetReference(x0);
        ref var r1 = ref MemoryMarshal.GetReference(x1);
        ref var r2 = ref MemoryMarshal.GetReference(x2);
        ref var r3 = ref MemoryMarshal.GetReference(x3);
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        var i = 0;
        for (; i <= n - 64; i += 64)
        {
            // Accumulator k of every vector takes elements i + 16k, as in Dot: same additions, same order.
            var o0 = (nuint)i;
            var o1 = (nuint)(i + 16);
            var o2 = (nuint)(i + 32);
            var o3 = (nuint)(i + 48);
            var w0 = Vector512.LoadUnsafe(ref rw, o0);
            var w1 = Vector512.LoadUnsafe(ref rw, o1);
            var w2 = Vector512.LoadUnsafe(ref rw, o2);
            var w3 = Vector512.LoadUnsafe(ref rw, o3);
            a00 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref r0, o0), a00);
            a01 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref r0, o1), a01);
            a02 = Vector512.FusedMultiplyAdd(w2, Vector512.LoadUnsafe(ref r0, o2), a02);
            a03 = Vector512.FusedMultiplyAdd(w3, Vector512.LoadUnsafe(ref r0, o3), a03);
            a10 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref r1, o0), a10);
            a11 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref r1, o1), a11);
            a12 = Vector512.FusedMultiplyAdd(w2, Vector512.LoadUnsafe(ref r1, o2), a12);
            a13 = Vector512.FusedMultiplyAdd(w3, Vector512.LoadUnsafe(ref r1, o3), a13);
            a20 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref r2, o0), a20);
            a21 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref r2, o1), a21);
            a22 = Vector512.FusedMultiplyAdd(w2, Vector512.LoadUnsafe(ref r2, o2), a22);
            a23 = Vector512.FusedMultiplyAdd(w3, Vector512.LoadUnsafe(ref r2, o3), a23);
            a30 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref r3, o0), a30);
            a31 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref r3, o1), a31);
            a32 = Vector512.FusedMultiplyAdd(w2, Vector512.LoadUnsafe(ref r3, o2), a32);
            a33 = Vector512.FusedMultiplyAdd(w3, Vector512.LoadUnsafe(ref r3, o3), a33);
        }

        for (; i <= n - 16; i += 16)
        {
            var o = (nuint)i;
            var wv = Vector512.LoadUnsafe(ref rw, o);
            a00 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref r0, o), a00);
            a10 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref r1, o), a10);
            a20 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref r2, o), a20);
            a30 = Vector512.FusedMultiplyAdd(wv, Vector512.LoadUnsafe(ref r3, o), a30);
        }

        var s0 = Vector512.Sum((a00 + a01) + (a02 + a03));
        var s1 = Vector512.Sum((a10 + a11) + (a12 + a13));
        var s2 = Vector512.Sum((a20 + a21) + (a22 + a23));
        var s3 = Vector512.Sum((a30 + a31) + (a32 + a33));
        for (; i < n; i++)
        {
            var wi = Unsafe.Add(ref rw, i);
            s0 = MathF.FusedMultiplyAdd(wi, Unsafe.Add(ref r0, i), s0);
            s1 = MathF.FusedMultiplyAdd(wi, Unsafe.Add(ref r1, i), s1);
            s2 = MathF.FusedMultiplyAdd(wi, Unsafe.Add(ref r2, i), s2);
            s3 = MathF.FusedMultiplyAdd(wi, Unsafe.Add(ref r3, i), s3);
        }

        results[0] = s0;
        results[1] = s1;
        results[2] = s2;
        results[3] = s3;
    }

    /// <summary>Adds <paramref name="scale"/> × <paramref name="x"/> to <paramref name="y"/>, element by element, fused.</summary>
    public static void ScaleAdd(ReadOnlySpan<float> x, float scale, Span<float> y)
    {
        var n = x.Length;
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; i <= n - 16; i += 16)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rx, (nuint)i), s, Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i <= n - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rx, (nuint)i), s, Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, i), scale, Unsafe.Add(ref ry, i));
        }
    }

    /// <summary>Writes RMSNorm(<paramref name="x"/>) × <paramref name="weight"/> to <paramref name="destination"/>.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float epsilon, Span<float> destination)
    {
        var meanSquare = Dot(x, x) / x.Length;
        var scale = 1f / MathF.Sqrt(meanSquare + epsilon);
        for (var i = 0; i < x.Length; i++)
        {
            destination[i] = x[i] * scale * weight[i];
        }
    }

    /// <summary>In place: <paramref name="gate"/>[i] = SiLU(gate[i]) × <paramref name="up"/>[i] (the SwiGLU of a Llama MLP).</summary>
    public static void SwiGlu(Span<float> gate, ReadOnlySpan<float> up)
    {
        for (var i = 0; i < gate.Length; i++)
        {
            var g = gate[i];
            gate[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }

    /// <summary>In place softmax; returns nothing, the sum is taken in index order.</summary>
    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = MathF.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            var e = MathF.Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }

        var inverse = 1f / sum;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= inverse;
        }
    }
}
