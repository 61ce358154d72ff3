using Harness.Runtime;

namespace Harness.Bench;

/// <summary>A persisted counter for the failover benchmark.</summary>
public interface IFailoverGrain : IGrainWithIntegerKey
{
    /// <summary>Adds one, writes the state, and returns the new value (acknowledged once it returns).</summary>
    ValueTask<int> Write();

    /// <summary>Gets the value of this activation's state.</summary>
    ValueTask<int> Get();

    /// <summary>Gets the address of the silo hosting this activation.</summary>
    ValueTask<string> Silo();
}
