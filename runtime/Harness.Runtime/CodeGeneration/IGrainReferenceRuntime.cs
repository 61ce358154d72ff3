using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>What a grain reference sends its calls through. Implemented by the silo and by clients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainReferenceRuntime
{
    /// <summary>Gets the factory that created the reference (for references to other grains).</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>
    /// Sends <paramref name="request"/> to the grain that <paramref name="target"/> addresses. Ownership of
    /// the callee-side reference passes to the runtime; the caller keeps its own until it reads the result.
    /// </summary>
    void Send(GrainReference target, Request request);
}
