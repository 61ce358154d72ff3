namespace Harness.Runtime.CodeGeneration;

/// <summary>A grain class as generated code registered it.</summary>
internal sealed record GrainClassRegistration(Type GrainClass, Func<IGrainActivationContext, Grain> Factory, IReadOnlyList<PersistentStateDescriptor> PersistentStates);
