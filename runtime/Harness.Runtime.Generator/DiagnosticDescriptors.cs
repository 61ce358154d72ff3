using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>The errors the generator reports for grain interfaces and grain classes it cannot support.</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Harness.CodeGeneration";

    /// <summary>HRN0001: {0} interface, {1} method, {2} return type.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "HRN0001",
        "Unsupported grain method return type",
        "Grain interface method '{0}.{1}' returns '{2}': grain methods must return Task, Task<T>, ValueTask or ValueTask<T>; change its return type");

    /// <summary>HRN0002: {0} interface, {1} method, {2} parameter, {3} modifier.</summary>
    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        "HRN0002",
        "By-reference grain method parameter",
        "Parameter '{2}' of grain interface method '{0}.{1}' is passed by reference ({3}): a grain call delivers its arguments to another activation (in time another silo), so ref, out, in and ref readonly parameters are not supported; pass it by value and return results through the Task");

    /// <summary>HRN0003: {0} interface, {1} method, {2} parameter, {3} type.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(
        "HRN0003",
        "Unsupported grain method parameter type",
        "Parameter '{2}' of grain interface method '{0}.{1}' has type '{3}', which a request cannot hold: pointers and ref structs (such as Span<T>) are not supported; use an array or another ordinary type");

    /// <summary>HRN0004: {0} interface, {1} method.</summary>
    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "HRN0004",
        "Generic grain method",
        "Grain interface method '{0}.{1}' is generic: generic grain methods are not supported yet; use non-generic methods");

    /// <summary>HRN0005: {0} interface, {1} member kind, {2} member.</summary>
    public static readonly DiagnosticDescriptor NonMethodMember = Create(
        "HRN0005",
        "Grain interface declares a property, indexer or event",
        "Grain interface '{0}' declares {1} '{2}': grain interfaces may declare only methods; replace it with methods returning Task<T> (to read) or Task (to write)");

    /// <summary>HRN0006: {0} interface, {1} method, {2} return type.</summary>
    public static readonly DiagnosticDescriptor OneWayWithResult = Create(
        "HRN0006",
        "One-way grain method returns a result",
        "Grain interface method '{0}.{1}' is marked [OneWay] but returns '{2}': a one-way call has no result; return Task or ValueTask, or remove [OneWay]");

    /// <summary>HRN0007: {0} interface, {1} method, {2} value.</summary>
    public static readonly DiagnosticDescriptor InvalidResponseTimeout = Create(
        "HRN0007",
        "Invalid response timeout",
        "[ResponseTimeout(\"{2}\")] on grain interface method '{0}.{1}' is not a positive TimeSpan in invariant \"c\" format; use a value such as \"00:00:30\"");

    /// <summary>HRN0008: {0} interface.</summary>
    public static readonly DiagnosticDescriptor GenericInterface = Create(
        "HRN0008",
        "Generic grain interface",
        "Grain interface '{0}' is generic or nested in a generic type: generic grain interfaces are not supported yet; declare a non-generic interface");

    /// <summary>HRN0009: {0} class, {1} number of candidate constructors.</summary>
    public static readonly DiagnosticDescriptor AmbiguousConstructor = Create(
        "HRN0009",
        "Ambiguous grain constructor",
        "Grain class '{0}' has {1} public constructors and the runtime cannot choose: mark exactly one with [ActivatorUtilitiesConstructor], or keep only one public constructor");

    /// <summary>HRN0010: {0} class.</summary>
    public static readonly DiagnosticDescriptor NoPublicConstructor = Create(
        "HRN0010",
        "Grain class has no public constructor",
        "Grain class '{0}' has no public constructor: the runtime constructs grains through a public constructor; make one public");

    /// <summary>HRN0011: {0} class, {1} parameter, {2} type.</summary>
    public static readonly DiagnosticDescriptor PersistentStateParameterType = Create(
        "HRN0011",
        "[PersistentState] parameter is not IPersistentState<T>",
        "Parameter '{1}' of the constructor of grain class '{0}' is marked [PersistentState] but has type '{2}': declare it as Harness.Runtime.Storage.IPersistentState<TState>");

    /// <summary>HRN0012: {0} class.</summary>
    public static readonly DiagnosticDescriptor GenericGrainClass = Create(
        "HRN0012",
        "Generic grain class",
        "Grain class '{0}' is generic or nested in a generic type: generic grain classes are not supported yet; make it abstract, or derive a non-generic class from it");

    /// <summary>HRN0013: {0} "grain interface"/"grain class", {1} type, {2} accessibility.</summary>
    public static readonly DiagnosticDescriptor InaccessibleType = Create(
        "HRN0013",
        "Grain type is not accessible to generated code",
        "{0} '{1}' is {2}: the generated code in this assembly must be able to reference it; make it and its containing types public or internal");

    /// <summary>HRN0014: {0} class, {1} parameter, {2} problem.</summary>
    public static readonly DiagnosticDescriptor InvalidPersistentStateName = Create(
        "HRN0014",
        "Invalid persistent state name",
        "Parameter '{1}' of the constructor of grain class '{0}' {2}: give each [PersistentState] of a grain a distinct, non-empty state name");

    /// <summary>HRN0015: {0} interface, {1} member.</summary>
    public static readonly DiagnosticDescriptor StaticAbstractMember = Create(
        "HRN0015",
        "Grain interface declares a static abstract member",
        "Grain interface '{0}' declares static abstract member '{1}': such an interface cannot have a grain reference; give the member a default implementation or move it to another interface");

    /// <summary>HRN0016: {0} method with parameter types, {1} path to the type, {2} type, {3} reason and remedy.</summary>
    public static readonly DiagnosticDescriptor TypeCannotCrossSilos = Create(
        "HRN0016",
        "Grain method argument or result cannot be serialized",
        "{0}: {1} (type {2}) cannot cross silos: {3}");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
