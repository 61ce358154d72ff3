namespace Harness.Inference.Tests.Generation;

/// <summary>
/// A Llama forward pass written as plainly as possible, in double precision, straight from the published equations
/// (RMSNorm, rotate-half rotary embeddings, grouped-query causal attention, SwiGLU), recomputing every position from
/// scratch without a cache: the yardstick the optimised implementation is checked against.
/// </summary>
internal sealed class ReferenceTransformer(IReadOnlyDictionary<string, float[]> tensors, int hidden, int intermediate, int layers, int heads, int kvHeads, int vocabulary, double epsilon, double theta)
{
    private readonly int _headDim = hidden / heads;

    /// <summary>Returns the logits after every position of <paramref name="tokens"/>, [positions][vocabulary].</summary>
    public double[][] Logits(IReadOnlyList<int> tokens, double[][]? prefix = null)
    {
        var rows = new List<double[]>();
        foreach (var embedding in prefix ?? [])
        {
            rows.Add((double[])embedding.Clone());
        }

        foreach (var token in tokens)
        {
            rows.Add(Row("model.embed_tokens.weight", token, hidden));
        }

        var x = rows.ToArray();
        var n = x.Length;
        for (var l = 0; l < layers; l++)
        {
            var p = $"model.layers.{l}.";
            var qs = new double[n][];
            var ks = new double[n][];
            var vs = new double[n][];
            for (var t = 0; t < n; t++)
            {
                var h = Norm(x[t], p + "input_layernorm.weight");
                qs[t] = Rotate(MatVec(p + "self_attn.q_proj.weight", h, heads * _headDim), t, heads);
                ks[t] = Rotate(MatVec(p + "self_attn.k_proj.weight", h, kvHeads * _headDim), t, kvHeads);
                vs[t] = MatVec(p + "self_attn.v_proj.weight", h, kvHeads * _headDim);
            }

            for (var t = 0; t < n; t++)
            {
                var attended = new double[heads * _headDim];
                for (var head = 0; head < heads; head++)
                {
                    var kvHead = head / (heads / kvHeads);
                    var scores = new double[t + 1];
                    for (var s = 0; s <= t; s++)
                    {
                        for (var i = 0; i < _headDim; i++)
                        {
                            scores[s] += qs[t][(head * _headDim) + i] * ks[s][(kvHead * _headDim) + i];
                        }

                        scores[s] /= Math.Sqrt(_headDim);
                    }

                    var max = scores.Max();
                    var weights = scores.Select(v => Math.Exp(v - max)).ToArray();
                    var sum = weights.Sum();
                    for (var s = 0; s <= t; s++)
                    {
                        for (var i = 0; i < _headDim; i++)
                        {
                            attended[(head * _headDim) + i] += weights[s] / sum * vs[s][(kvHead * _headDim) + i];
                        }
                    }
                }

                var projected = MatVec(p + "self_attn.o_proj.weight", attended, hidden);
                for (var i = 0; i < hidden; i++)
                {
                    x[t][i] += projected[i];
                }

                var m = Norm(x[t], p + "post_attention_layernorm.weight");
                var gate = MatVec(p + "mlp.gate_proj.weight", m, intermediate);
                var up = MatVec(p + "mlp.up_proj.weight", m, intermediate);
                var inner = new double[intermediate];
                for (var i = 0; i < intermediate; i++)
                {
                    inner[i] = gate[i] / (1 + Math.Exp(-gate[i])) * up[i];
                }

                var down = MatVec(p + "mlp.down_proj.weight", inner, hidden);
                for (var i = 0; i < hidden; i++)
                {
                    x[t][i] += down[i];
                }
            }
        }

        var output = tensors.ContainsKey("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
        return [.. x.Select(row => MatVec(output, Norm(row, "model.norm.weight"), vocabulary))];
    }

    /// <summary>The image encoder's output for patches [patches][patch length]: W·p + b + position.</summary>
    public double[][] EmbedPatches(float[] patches, int patchLength)
    {
        var count = patches.Length / patchLength;
        var result = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var patch = patches.Skip(i * patchLength).Take(patchLength).Select(v => (double)v).ToArray();
            var projected = MatVec("vision.patch_embedding.weight", patch, hidden);
            var position = Row("vision.position_embedding", i, hidden);
            result[i] = [.. projected.Select((v, j) => v + tensors["vision.patch_embedding.bias"][j] + position[j])];
        }

        return result;
    }

    private double[] Row(string name, int row, int width) =>
        [.. tensors[name].Skip(row * width).Take(width).Select(v => (double)v)];

    private double[] MatVec(string name, double[] input, int outputs)
    {
        var w = tensors[name];
        var result = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < input.Length; i++)
            {
                result[o] += w[(o * input.Length) + i] * input[i];
            }
        }

        return result;
    }

    private double[] Norm(double[] x, string weight)
    {
        var rms = Math.Sqrt((x.Sum(v => v * v) / x.Length) + epsilon);
        var w = tensors[weight];
        return [.. x.Select((v, i) => v / rms * w[i])];
    }

    private double[] Rotate(double[] x, int position, int headCount)
    {
        var half = _headDim / 2;
        var result = (double[])x.Clone();
        for (var head = 0; head < headCount; head++)
        {
            for (var i = 0; i < half; i++)
            {
                var angle = position * Math.Pow(theta, -2.0 * i / _headDim);
                var a = x[(head * _headDim) + i];
                var b = x[(head * _headDim) + i + half];
                result[(head * _headDim) + i] = (a * Math.Cos(angle)) - (b * Math.Sin(angle));
                result[(head * _headDim) + i + half] = (b * Math.Cos(angle)) + (a * Math.Sin(angle));
            }
        }

        return result;
    }
}
