using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Activation;

/// <summary>Everything the runtime needs to know about a grain class, resolved once at start-up.</summary>
internal sealed record GrainClassInfo(
    string GrainType,
    Type GrainClass,
    Func<IGrainActivationContext, Grain> Factory,
    bool IsReentrant,
    TimeSpan CollectionAge,
    bool AlwaysActive,
    PlacementStrategy Placement,
    IReadOnlyList<string> ImplicitStreamNamespaces,
    IReadOnlyList<PersistentStateDescriptor> PersistentStates);
