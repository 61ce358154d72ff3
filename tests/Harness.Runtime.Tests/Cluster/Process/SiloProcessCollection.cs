using Xunit;

namespace Harness.Runtime.Tests.Cluster.Process;

/// <summary>
/// The silo-process fault tests run one at a time and after the parallel tests: their failure detection is timed in
/// hundreds of milliseconds, and several processes competing with the rest of the suite for the cores would miss heartbeats.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcessCollection
{
    public const string Name = "Silo processes";
}
