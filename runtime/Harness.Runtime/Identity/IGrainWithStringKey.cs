namespace Harness.Runtime;

/// <summary>A grain interface whose grains are addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain
{
}
