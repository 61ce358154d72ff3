namespace Harness.Runtime;

/// <summary>A grain interface whose grains are addressed by a guid key.</summary>
public interface IGrainWithGuidKey : IGrain
{
}
