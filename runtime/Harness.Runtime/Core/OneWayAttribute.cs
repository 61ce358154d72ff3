namespace Harness.Runtime;

/// <summary>
/// Marks a grain interface method (returning <see cref="Task"/> or <see cref="ValueTask"/>) as fire-and-forget:
/// the call returns once sent; the grain's outcome is not reported to the caller.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}
