using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>The result type of requests for grain methods that return <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VoidResult
{
}
