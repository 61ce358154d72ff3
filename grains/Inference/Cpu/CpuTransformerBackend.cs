using System.Runtime.CompilerServices;
using Harness.GrainInterfaces.Inference;
using Harness.Inference.Generation;
using Harness.Inference.Vision;

namespace Harness.Grains.Inference.Cpu;

/// <summary>
/// One loaded model of the built-in CPU transformer as an <see cref="IInferenceBackend"/>: the prompt is tokenized
/// after a begin-of-sequence token, an image is decoded and cut into the model's patches, and generation runs on the
/// model's shared <see cref="GenerationEngine"/> with the request's QoS class as its admission priority.
/// </summary>
internal sealed class CpuTransformerBackend(string model, CpuModel loaded) : IInferenceBackend
{
    /// <summary>The backend's name, also when no model is loaded yet.</summary>
    public const string BackendName = "cpu-transformer";

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <inheritdoc/>
    public bool SupportsVision => loaded.Config.Vision is not null;

    /// <summary>Gets the loaded model.</summary>
    public CpuModel Model => loaded;

    /// <inheritdoc/>
    public bool SupportsModel(string name) => string.Equals(name, model, StringComparison.Ordinal);

    /// <inheritdoc/>
    public int CountTokens(string text)
    {
        var ids = new List<int>();
        loaded.Tokenizer.Encode(text, ids);
        return ids.Count;
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<InferenceToken> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        InferenceRequestChecks.ValidateSampling(request);
        if (!SupportsModel(request.Model))
        {
            throw new NotSupportedException($"Backend '{Name}' here runs model '{model}', not '{request.Model}'.");
        }

        if (request.ImageReference is not null && request.ImageData is null)
        {
            throw new ArgumentException($"The request names image '{request.ImageReference}' but carries no InferenceRequest.ImageData: the silo fetches it first.", nameof(request));
        }

        var patches = request.ImageData is { } image ? Patches(image) : null;
        var prompt = new List<int>();
        if (loaded.Tokenizer.BeginOfSequenceId is { } bos)
        {
            prompt.Add(bos);
        }

        loaded.Tokenizer.Encode(request.Prompt, prompt);
        var generation = new GenerationRequest
        {
            PromptTokens = prompt,
            ResumeTokens = ResumeIds(request),
            ImagePatches = patches,
            MaxTokens = request.MaxTokens,
            Temperature = (float)request.Temperature,
            TopP = (float)request.TopP,
            Seed = request.Seed,
            StopSequences = request.StopSequences,
            Priority = (int)request.Qos,
        };
        return StreamAsync(generation, cancellationToken);
    }

    private float[] Patches(byte[] image)
    {
        var vision = loaded.Config.Vision ?? throw new NotSupportedException(
            $"no vision-capable backend for model '{model}': its config.json has no vision_config, so it cannot read images.");
        var decoded = ImageDecoder.Decode(image);
        var patches = new float[vision.PatchCount * vision.PatchLength];
        ImagePatches.Extract(decoded, vision.ImageSize, vision.PatchSize, patches);
        return patches;
    }

    /// <summary>
    /// The ids to resume from: those the earlier run reported; text saved without ids (from a backend without them) is
    /// tokenized again, which continues faithfully but not necessarily with the very same token boundaries.
    /// </summary>
    private List<int> ResumeIds(InferenceRequest request)
    {
        if (request.ResumeTokenIds.Count == request.ResumeFrom.Count)
        {
            return [.. request.ResumeTokenIds];
        }

        var ids = new List<int>();
        loaded.Tokenizer.Encode(string.Concat(request.ResumeFrom), ids);
        return ids;
    }

    private async IAsyncEnumerable<InferenceToken> StreamAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var token in loaded.Engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            InferenceFinishReason? finish = token.Finish switch
            {
                GenerationFinish.Stop => InferenceFinishReason.Stop,
                GenerationFinish.Length => InferenceFinishReason.Length,
                _ => null,
            };
            yield return new InferenceToken(token.Index, token.Text, finish, token.Id);
        }
    }
}
