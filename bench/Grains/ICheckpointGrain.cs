using Harness.Runtime;

namespace Harness.Bench;

public interface ICheckpointGrain : IGrainWithIntegerKey
{
    ValueTask Write(int version);
}
