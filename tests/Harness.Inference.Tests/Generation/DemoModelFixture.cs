using Harness.Inference.Generation;
using Harness.Inference.Models;

namespace Harness.Inference.Tests.Generation;

/// <summary>The built-in text and vision demo models, generated once into a temporary folder for a test class.</summary>
public sealed class DemoModelFixture : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-demo-").FullName;

    public DemoModelFixture()
    {
        TextDirectory = Path.Combine(_root, "tiny-llm");
        VisionDirectory = Path.Combine(_root, "tiny-vlm");
        TinyModelGenerator.Write(TextDirectory, TinyModels.Text());
        TinyModelGenerator.Write(VisionDirectory, TinyModels.Vision());
    }

    public string TextDirectory { get; }

    public string VisionDirectory { get; }

    public CpuModel LoadText(int maxBatch = 4, int prefillChunk = 16, int maxContext = 512) =>
        CpuModel.Load(TextDirectory, new GenerationEngineOptions { MaxBatchSize = maxBatch, PrefillChunkTokens = prefillChunk, MaxContextTokens = maxContext });

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
