namespace Harness.Runtime;

/// <summary>Lets calls to this interface method interleave with any request, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
