using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>A persistent state a grain class declares in its constructor: checked against configured storage at start-up.</summary>
/// <param name="StateName">The state name.</param>
/// <param name="StorageName">The storage provider name; null for the default provider.</param>
/// <param name="ParameterName">The constructor parameter, for error messages.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record PersistentStateDescriptor(string StateName, string? StorageName, string ParameterName);
