using Harness.Inference.Generation;
using Harness.Inference.Models;
using Xunit;

namespace Harness.Inference.Tests.Models;

public sealed class ModelLoadingTests : IDisposable
{
    private static readonly TinyModelSpec Spec = new() { HiddenSize = 32, IntermediateSize = 48, Layers = 1, Heads = 2, KeyValueHeads = 1, VocabularySize = 258, MaxPositions = 32 };
    private readonly string _directory = Directory.CreateTempSubdirectory("harness-load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void HalfPrecisionWeights_AreWidenedToTheNearestValues(SafetensorsDType dtype)
    {
        TinyModelGenerator.Write(_directory, Spec with { DType = dtype });
        var weights = TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory));
        var original = TinyModelGenerator.CreateTensors(Spec).Single(t => t.Name == "model.embed_tokens.weight").Values;

        // F16 keeps 11 significant bits, BF16 8: each value within half a unit of its last place.
        var relative = dtype == SafetensorsDType.F16 ? 1.0 / 2048 : 1.0 / 256;
        for (var i = 0; i < original.Length; i++)
        {
            Assert.True(Math.Abs(weights.Embedding[i] - original[i]) <= (Math.Abs(original[i]) * relative) + 1e-7, $"element {i}: {weights.Embedding[i]} for {original[i]}");
        }

        Assert.Equal((float)(Half)original[7], dtype == SafetensorsDType.F16 ? weights.Embedding[7] : (float)(Half)original[7]);
    }

    [Fact]
    public void MissingTensor_IsNamedWithTheFilesSearched()
    {
        var tensors = TinyModelGenerator.CreateTensors(Spec).Where(t => t.Name != "model.layers.0.mlp.up_proj.weight").ToList();
        WriteModel(tensors);

        var error = Assert.Throws<ModelFormatException>(() => TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory)));
        Assert.Equal("Tensor model.layers.0.mlp.up_proj.weight is in none of the model's weight files (model.safetensors).", error.Message);
    }

    [Fact]
    public void TensorOfTheWrongShape_IsNamedWithBothShapes()
    {
        var tensors = TinyModelGenerator.CreateTensors(Spec)
            .Select(t => t.Name == "model.norm.weight" ? (t.Name, t.DType, new long[] { 16 }, t.Values[..16]) : t)
            .ToList();
        WriteModel(tensors);

        var error = Assert.Throws<ModelFormatException>(() => TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory)));
        Assert.EndsWith("model.safetensors: tensor model.norm.weight has shape [16]; the config needs [32].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedWeightsFile_IsRefusedNamingTheFile()
    {
        TinyModelGenerator.Write(_directory, Spec);
        var path = Path.Combine(_directory, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<ModelFormatException>(() => TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory)));
        Assert.Contains("model.safetensors: tensor", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedDType_IsNamedWithTheTensor()
    {
        TinyModelGenerator.Write(_directory, Spec);
        var path = Path.Combine(_directory, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        var first = header.IndexOf("\"dtype\":\"F32\"", StringComparison.Ordinal);
        var patched = System.Text.Encoding.UTF8.GetBytes(string.Concat(header.AsSpan(0, first), "\"dtype\":\"I8\" ", header.AsSpan(first + 13)));
        Assert.Equal(header.Length, patched.Length);
        patched.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFormatException>(() => TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory)));
        Assert.Contains("has dtype I8; supported: F32, F16, BF16.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"hidden_size": 64, "num_attention_heads": 4}""", "config.json: $.vocab_size is required.")]
    [InlineData("""{"vocab_size": 10, "hidden_size": "64"}""", "config.json: $.hidden_size must be a number, not \"64\".")]
    [InlineData("""{"vocab_size": 10, "hidden_size": 64, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 6, "num_key_value_heads": 4}""", "config.json: $.hidden_size (64) is not a multiple of $.num_attention_heads (6) and $.head_dim is not given.")]
    [InlineData("""{"model_type": "gpt2"}""", "config.json: $.model_type is \"gpt2\"; supported: llama, mistral.")]
    [InlineData("""{"rope_scaling": {"type": "linear", "factor": 2}}""", "config.json: $.rope_scaling is set; rotary scaling is not supported (only plain rotary embeddings).")]
    [InlineData("""{"vocab_size": 10, "hidden_size": 64, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 4, "vision_config": {"image_size": 30, "patch_size": 8}}""", "config.json: $.vision_config.image_size (30) must be a multiple of $.vision_config.patch_size (8).")]
    [InlineData("{", "config.json: not valid JSON")]
    public void BadConfig_IsRefusedNamingTheField(string json, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => TransformerConfig.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlidingWindow_BoundsTheContext()
    {
        var config = TransformerConfig.Parse("""{"vocab_size": 10, "hidden_size": 64, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 4, "max_position_embeddings": 32768, "sliding_window": 4096}"""u8);

        Assert.Equal(4096, config.MaxPositions);
    }

    [Fact]
    public void ShardedWeights_AreFoundThroughTheIndex()
    {
        var tensors = TinyModelGenerator.CreateTensors(Spec);
        TinyModelGenerator.Write(_directory, Spec);
        File.Delete(Path.Combine(_directory, "model.safetensors"));
        SafetensorsWriter.Write(Path.Combine(_directory, "model-00001-of-00002.safetensors"), [.. tensors.Take(4)]);
        SafetensorsWriter.Write(Path.Combine(_directory, "model-00002-of-00002.safetensors"), [.. tensors.Skip(4)]);
        var map = string.Join(",", tensors.Select((t, i) => $"\"{t.Name}\": \"model-0000{(i < 4 ? 1 : 2)}-of-00002.safetensors\""));
        File.WriteAllText(Path.Combine(_directory, "model.safetensors.index.json"), "{\"metadata\": {}, \"weight_map\": {" + map + "}}");

        var weights = TransformerWeights.Load(_directory, CpuModel.ReadConfig(_directory));

        Assert.Equal(tensors.Single(t => t.Name == "lm_head.weight").Values, weights.Output);
    }

    private void WriteModel(IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, float[] Values)> tensors)
    {
        TinyModelGenerator.Write(_directory, Spec);
        SafetensorsWriter.Write(Path.Combine(_directory, "model.safetensors"), tensors);
    }
}
