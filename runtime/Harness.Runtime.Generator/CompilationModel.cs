namespace Harness.Runtime.Generator;

/// <summary>What the emitters need to know about the compilation as a whole.</summary>
/// <param name="AssemblyIdentifier">The assembly name as one C# identifier (for the registration namespace).</param>
/// <param name="HasInternalAccessToRuntime">
/// Whether the compilation sees the runtime's internals (it is the runtime, or the runtime grants it
/// InternalsVisibleTo): overrides of <c>protected internal</c> members must then keep <c>internal</c>.
/// </param>
internal sealed record CompilationModel(string AssemblyIdentifier, bool HasInternalAccessToRuntime);
