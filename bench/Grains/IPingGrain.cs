using Harness.Runtime;

namespace Harness.Bench;

public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask<int> Ping(int value);

    Task<int> PingTask(int value);

    /// <summary>Gets the address of the silo hosting this activation (remote-call checks its grains are remote with it).</summary>
    ValueTask<string> Silo();
}
