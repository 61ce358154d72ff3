namespace Harness.Runtime;

/// <summary>Creates references to grains. A reference is cheap; the grain is activated by its first call.</summary>
public interface IGrainFactory
{
    /// <summary>Gets a reference to the grain with a string key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="grainClassNamePrefix">Chooses among several classes implementing the interface (full name prefix).</param>
    TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>Gets a reference to the grain with a Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>Gets a reference to the grain with an integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>Gets a reference of the given interface to the grain with the given id.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;
}
