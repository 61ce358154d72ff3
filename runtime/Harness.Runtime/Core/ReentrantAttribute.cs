namespace Harness.Runtime;

/// <summary>
/// Lets a grain interleave requests: while one request awaits, the next may start. Turns still never run
/// in parallel. Without it a grain finishes each request before starting the next, in arrival order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
