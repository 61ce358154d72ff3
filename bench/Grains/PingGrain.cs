using Harness.Runtime;

namespace Harness.Bench;

internal sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => new(value + 1);

    public Task<int> PingTask(int value) => Task.FromResult(value + 1);
}
