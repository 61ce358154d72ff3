namespace Harness.Runtime;

/// <summary>Anything that has a grain identity: grain references and grain instances.</summary>
public interface IAddressable
{
    /// <summary>Gets the identity of the grain.</summary>
    GrainId GrainId { get; }
}
