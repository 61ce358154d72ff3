namespace Harness.Runtime;

/// <summary>A grain interface whose grains are addressed by a integer key.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}
