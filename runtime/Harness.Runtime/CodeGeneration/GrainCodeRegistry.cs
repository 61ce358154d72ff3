using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>
/// Collects what generated code registers: a proxy factory per grain interface and a constructor per grain
/// class. Filled once at start-up; read-only afterwards.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainCodeRegistry
{
    private readonly Dictionary<Type, Func<IGrainReferenceRuntime, GrainId, GrainReference>> _proxies = [];
    private readonly Dictionary<Type, GrainClassRegistration> _classes = [];
    private readonly Dictionary<uint, MethodRegistration> _methods = [];

    /// <summary>Gets the registered proxy factories by interface type.</summary>
    internal IReadOnlyDictionary<Type, Func<IGrainReferenceRuntime, GrainId, GrainReference>> Proxies => _proxies;

    /// <summary>Gets the registered grain methods by wire id.</summary>
    internal IReadOnlyDictionary<uint, MethodRegistration> Methods => _methods;

    /// <summary>Gets the registered grain classes.</summary>
    internal IReadOnlyCollection<GrainClassRegistration> Classes => _classes.Values;

    /// <summary>Registers the generated reference type of a grain interface.</summary>
    /// <typeparam name="TInterface">The grain interface.</typeparam>
    /// <param name="proxyFactory">Creates a reference; must return a <see cref="GrainReference"/> implementing the interface.</param>
    public void AddInterface<TInterface>(Func<IGrainReferenceRuntime, GrainId, GrainReference> proxyFactory)
        where TInterface : IAddressable
    {
        ArgumentNullException.ThrowIfNull(proxyFactory);
        _proxies[typeof(TInterface)] = proxyFactory;
    }

    /// <summary>
    /// Registers a grain method by its wire id, with the factory of its request type, so a silo can rebuild a
    /// call that arrived over the network. Two different methods with one id stop the start (a hash collision).
    /// </summary>
    /// <param name="methodId">The method's wire id (<see cref="Request.MethodId"/>).</param>
    /// <param name="name">The method's full name, for error messages.</param>
    /// <param name="rent">Rents a request of the method's request type.</param>
    public void AddMethod(uint methodId, string name, Func<Request> rent)
    {
        ArgumentNullException.ThrowIfNull(rent);
        if (_methods.TryGetValue(methodId, out var existing) && !string.Equals(existing.Name, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Grain methods {existing.Name} and {name} have the same wire id {methodId:x8}; rename one of them.");
        }

        _methods[methodId] = new MethodRegistration(name, rent);
    }

    /// <summary>Registers a grain class with its generated constructor call.</summary>
    /// <typeparam name="TGrain">The grain class.</typeparam>
    /// <param name="factory">Constructs the grain from services and persistent states.</param>
    /// <param name="persistentStates">The persistent states its constructor asks for.</param>
    public void AddGrainClass<TGrain>(Func<IGrainActivationContext, TGrain> factory, params PersistentStateDescriptor[] persistentStates)
        where TGrain : Grain
    {
        ArgumentNullException.ThrowIfNull(factory);
        _classes[typeof(TGrain)] = new GrainClassRegistration(typeof(TGrain), factory, persistentStates ?? []);
    }

    private readonly HashSet<string> _assemblies = [];

    /// <summary>
    /// Registers everything an assembly's generated code declares, and that of the assemblies it references
    /// (grain interfaces usually live in an assembly of their own).
    /// </summary>
    public void AddAssembly(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!_assemblies.Add(assembly.FullName!))
        {
            return;
        }

        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name is { } name && !name.StartsWith("System", StringComparison.Ordinal) && !name.StartsWith("Microsoft", StringComparison.Ordinal))
            {
                AddAssembly(System.Reflection.Assembly.Load(reference));
            }
        }

        foreach (var attribute in assembly.GetCustomAttributes(typeof(GeneratedGrainCodeAttribute), inherit: false))
        {
            var providerType = ((GeneratedGrainCodeAttribute)attribute).ProviderType;
            var provider = (IGeneratedGrainCode)(Activator.CreateInstance(providerType)
                ?? throw new InvalidOperationException($"Cannot create generated grain code '{providerType}'."));
            provider.Register(this);
        }
    }
}
