using Harness.Runtime;

namespace Harness.Bench;

public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask<int> Ping(int value);

    Task<int> PingTask(int value);
}
