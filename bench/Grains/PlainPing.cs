namespace Harness.Bench;

/// <summary>The same work as <see cref="PingGrain"/> on a plain object: the floor a grain call is compared with.</summary>
internal sealed class PlainPing : IPingTarget
{
    public ValueTask<int> Ping(int value) => new(value + 1);
}
