using Harness.Runtime;

namespace Harness.Grains.Health;

/// <summary>
/// The silo's self-check: a grain call that reads and writes persistent state, so a health probe proves the
/// dispatcher, activation and configured storage all work.
/// </summary>
public interface IHealthProbeGrain : IGrainWithStringKey
{
    /// <summary>Records one check and returns how many this silo has served.</summary>
    Task<long> CheckAsync();
}
