using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>Implemented by the code the source generator emits into each assembly that declares grains.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedGrainCode
{
    /// <summary>Registers the assembly's grain interfaces and grain classes.</summary>
    void Register(GrainCodeRegistry registry);
}
