namespace Harness.Inference.Models;

/// <summary>
/// The image encoder of a vision-language model (<c>vision_config</c> in config.json): the image is resized to
/// <see cref="ImageSize"/> square, cut into <see cref="PatchSize"/> square patches, and each patch is projected into
/// the model's hidden size (<c>vision.patch_embedding.weight</c>/<c>.bias</c>) plus a learned position embedding
/// (<c>vision.position_embedding</c>); the patches precede the prompt's tokens.
/// </summary>
public sealed record VisionConfig
{
    /// <summary>Gets the side of the square the image is resized to, in pixels.</summary>
    public required int ImageSize { get; init; }

    /// <summary>Gets the side of a patch, in pixels.</summary>
    public required int PatchSize { get; init; }

    /// <summary>Gets the number of patches, hence of image positions in the sequence.</summary>
    public int PatchCount => (ImageSize / PatchSize) * (ImageSize / PatchSize);

    /// <summary>Gets the number of values in one patch (RGB).</summary>
    public int PatchLength => PatchSize * PatchSize * 3;
}
