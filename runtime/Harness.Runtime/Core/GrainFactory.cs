using System.Collections.Concurrent;
using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime;

/// <summary>The silo's grain factory: resolves interfaces to grain types and creates generated references.</summary>
internal sealed class GrainFactory(SiloRuntime runtime) : IClusterClient
{
    private readonly ConcurrentDictionary<Type, string> _defaultGrainTypes = new();

    public IServiceProvider ServiceProvider => runtime.Services;

    public TGrainInterface GetGrain<TGrainInterface>(string key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(new GrainId(Resolve(typeof(TGrainInterface), grainClassNamePrefix), key));

    public TGrainInterface GetGrain<TGrainInterface>(Guid key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainId.Create(Resolve(typeof(TGrainInterface), grainClassNamePrefix), key));

    public TGrainInterface GetGrain<TGrainInterface>(long key, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainId.Create(Resolve(typeof(TGrainInterface), grainClassNamePrefix), key));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        var grainClass = runtime.GrainTypes.GetClass(grainId.Type).GrainClass;
        if (!typeof(TGrainInterface).IsAssignableFrom(grainClass))
        {
            throw new ArgumentException($"Grain type '{grainId.Type}' ({grainClass.FullName}) does not implement {typeof(TGrainInterface).FullName}.", nameof(grainId));
        }

        return Create<TGrainInterface>(grainId);
    }

    private string Resolve(Type interfaceType, string? grainClassNamePrefix) =>
        grainClassNamePrefix is null
            ? _defaultGrainTypes.GetOrAdd(interfaceType, static (t, types) => types.ResolveGrainType(t, null), runtime.GrainTypes)
            : runtime.GrainTypes.ResolveGrainType(interfaceType, grainClassNamePrefix);

    private TGrainInterface Create<TGrainInterface>(GrainId grainId) =>
        (TGrainInterface)(object)runtime.GrainTypes.GetProxyFactory(typeof(TGrainInterface))(runtime.Dispatcher, grainId);
}
