using System.Collections.Frozen;
using System.Reflection;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Configuration;
using Harness.Runtime.Placement;
using Harness.Runtime.Streams;

namespace Harness.Runtime.Activation;

/// <summary>
/// Maps grain interfaces to grain classes and grain types to classes. Built once at start-up from the
/// generated registrations (reflection is used here, for attributes, and never on a call path).
/// </summary>
internal sealed class GrainTypeManager
{
    private readonly FrozenDictionary<string, GrainClassInfo> _classesByType;
    private readonly FrozenDictionary<Type, GrainClassInfo[]> _classesByInterface;
    private readonly FrozenDictionary<Type, Func<IGrainReferenceRuntime, GrainId, GrainReference>> _proxies;
    private readonly FrozenDictionary<uint, MethodRegistration> _methods;

    public GrainTypeManager(GrainCodeRegistry registry, GrainCollectionOptions collection)
    {
        var byType = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        var byInterface = new Dictionary<Type, List<GrainClassInfo>>();
        foreach (var registration in registry.Classes)
        {
            var info = Describe(registration, collection);
            if (byType.TryGetValue(info.GrainType, out var existing))
            {
                throw new InvalidOperationException(
                    $"Grain classes {existing.GrainClass.FullName} and {info.GrainClass.FullName} have the same grain type '{info.GrainType}'. Give one a [GrainType(\"...\")].");
            }

            byType.Add(info.GrainType, info);
            foreach (var @interface in registration.GrainClass.GetInterfaces())
            {
                if (registry.Proxies.ContainsKey(@interface))
                {
                    if (!byInterface.TryGetValue(@interface, out var list))
                    {
                        byInterface[@interface] = list = [];
                    }

                    list.Add(info);
                }
            }
        }

        _classesByType = byType.ToFrozenDictionary(StringComparer.Ordinal);
        _classesByInterface = byInterface.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
        _proxies = registry.Proxies.ToFrozenDictionary();
        _methods = registry.Methods.ToFrozenDictionary();
        Manifest = _classesByInterface
            .Where(p => p.Value.Length == 1)
            .ToFrozenDictionary(p => p.Key.FullName!, p => p.Value[0].GrainType, StringComparer.Ordinal);
    }

    /// <summary>Gets the grain type of every interface implemented by exactly one class, by interface full name.</summary>
    public IReadOnlyDictionary<string, string> Manifest { get; }

    /// <summary>Rents a request for a method arriving over the network, or null for an unknown method.</summary>
    public Request? RentRequest(uint methodId) => _methods.TryGetValue(methodId, out var method) ? method.Rent() : null;

    public IEnumerable<GrainClassInfo> Classes => _classesByType.Values;

    public GrainClassInfo GetClass(string grainType) =>
        _classesByType.TryGetValue(grainType, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class has grain type '{grainType}'. Is its assembly registered with the silo (AddGrainAssembly)?");

    /// <summary>Finds the grain type implementing <paramref name="interfaceType"/>.</summary>
    public string ResolveGrainType(Type interfaceType, string? grainClassNamePrefix)
    {
        if (!_classesByInterface.TryGetValue(interfaceType, out var classes) || classes.Length == 0)
        {
            throw new InvalidOperationException(
                $"No grain class implements {interfaceType.FullName}. Is the assembly that declares it registered with the silo (AddGrainAssembly)?");
        }

        if (grainClassNamePrefix is not null)
        {
            var matches = classes.Where(c => c.GrainClass.FullName!.StartsWith(grainClassNamePrefix, StringComparison.Ordinal)).ToArray();
            return matches.Length == 1
                ? matches[0].GrainType
                : throw new InvalidOperationException(
                    $"{matches.Length} grain classes implementing {interfaceType.FullName} match prefix '{grainClassNamePrefix}': {string.Join(", ", classes.Select(c => c.GrainClass.FullName))}.");
        }

        return classes.Length == 1
            ? classes[0].GrainType
            : throw new InvalidOperationException(
                $"Several grain classes implement {interfaceType.FullName} ({string.Join(", ", classes.Select(c => c.GrainClass.FullName))}); pass grainClassNamePrefix to GetGrain.");
    }

    public Func<IGrainReferenceRuntime, GrainId, GrainReference> GetProxyFactory(Type interfaceType) =>
        _proxies.TryGetValue(interfaceType, out var factory)
            ? factory
            : throw new InvalidOperationException(
                $"{interfaceType.FullName} has no generated grain reference. Grain interfaces must derive from IGrainWithStringKey, IGrainWithGuidKey or IGrainWithIntegerKey and live in a project that runs the Harness source generator.");

    private static GrainClassInfo Describe(GrainClassRegistration registration, GrainCollectionOptions collection)
    {
        var type = registration.GrainClass;
        var age = type.GetCustomAttribute<CollectionAgeLimitAttribute>();
        return new GrainClassInfo(
            GrainType: type.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(type),
            GrainClass: type,
            Factory: registration.Factory,
            IsReentrant: type.GetCustomAttribute<ReentrantAttribute>() is not null,
            CollectionAge: age?.Age ?? collection.CollectionAge,
            AlwaysActive: age?.AlwaysActive ?? false,
            Placement: type.GetCustomAttribute<PlacementAttribute>()?.PlacementStrategy ?? RandomPlacement.Instance,
            ImplicitStreamNamespaces: [.. type.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(a => a.Namespace)],
            PersistentStates: registration.PersistentStates);
    }

    private static string DefaultGrainType(Type type)
    {
        var name = type.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
