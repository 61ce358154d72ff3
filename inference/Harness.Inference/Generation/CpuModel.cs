using System.Diagnostics;
using Harness.Inference.Kernels;
using Harness.Inference.Models;
using Harness.Inference.Tokenization;

namespace Harness.Inference.Generation;

/// <summary>
/// A model loaded from a Hugging Face model folder (config.json, safetensors weights, tokenizer.json or the byte
/// tokenizer) and served by its own <see cref="GenerationEngine"/> on the process's shared kernel threads.
/// </summary>
public sealed class CpuModel : IDisposable
{
    private CpuModel(string directory, TransformerConfig config, ITokenizer tokenizer, long weightBytes, TimeSpan loadTime, GenerationEngine engine)
    {
        Directory = directory;
        Config = config;
        Tokenizer = tokenizer;
        WeightBytes = weightBytes;
        LoadTime = loadTime;
        Engine = engine;
    }

    /// <summary>Gets the model folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the model's shape.</summary>
    public TransformerConfig Config { get; }

    /// <summary>Gets the tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>Gets the bytes the weights take in memory (32-bit floats).</summary>
    public long WeightBytes { get; }

    /// <summary>Gets how long loading took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Gets the engine that generates with it.</summary>
    public GenerationEngine Engine { get; }

    /// <summary>
    /// Reads a model folder's config without loading the weights (their shape gives the memory they will take) and
    /// checks that the folder holds weight files.
    /// </summary>
    /// <param name="directory">The model folder.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelFormatException">The folder, its config.json or its weight files are missing or malformed; the message says which.</exception>
    public static TransformerConfig ReadConfig(string directory)
    {
        var path = Path.Combine(directory, "config.json");
        var config = File.Exists(path) ? TransformerConfig.Load(path) : throw new ModelFormatException($"{directory}: no config.json (a Hugging Face model folder has one).");
        _ = TransformerWeights.FindWeightFiles(directory);
        return config;
    }

    /// <summary>Loads a model folder.</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="options">The engine's settings.</param>
    /// <returns>The model, ready to generate.</returns>
    /// <exception cref="ModelFormatException">A file is missing or malformed; the message names it.</exception>
    public static CpuModel Load(string directory, GenerationEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var config = ReadConfig(directory);
        ITokenizer tokenizer;
        try
        {
            tokenizer = TokenizerLoader.Load(directory);
        }
        catch (TokenizerFormatException exception)
        {
            throw new ModelFormatException(exception.Message, exception);
        }

        if (tokenizer.VocabularySize > config.VocabularySize)
        {
            throw new ModelFormatException(
                $"{directory}: the tokenizer has {tokenizer.VocabularySize} tokens but config.json's vocab_size is {config.VocabularySize}.");
        }

        var weights = TransformerWeights.Load(directory, config);
        var engine = new GenerationEngine(weights, tokenizer, options, WorkerPool.Shared);
        return new CpuModel(directory, config, tokenizer, weights.Bytes, Stopwatch.GetElapsedTime(started), engine);
    }

    /// <summary>Stops the engine; generations in progress fail.</summary>
    public void Dispose() => Engine.Dispose();
}
