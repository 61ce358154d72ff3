namespace Harness.Runtime;

/// <summary>
/// Names the grain type of a grain class. Without it the type is the class name, lower-cased, without a
/// trailing "Grain" (<c>DeviceGrain</c> becomes <c>device</c>). The name is part of every persisted id, so
/// renaming a class must keep its grain type.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>Gets the grain type name.</summary>
    public string GrainType { get; } = grainType;
}
