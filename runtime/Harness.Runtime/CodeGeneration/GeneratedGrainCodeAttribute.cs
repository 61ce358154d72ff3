using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>Points the runtime at an assembly's generated <see cref="IGeneratedGrainCode"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GeneratedGrainCodeAttribute(Type providerType) : Attribute
{
    /// <summary>Gets the type implementing <see cref="IGeneratedGrainCode"/>.</summary>
    public Type ProviderType { get; } = providerType;
}
