using Harness.Runtime;

namespace Harness.Grains.Chains.Execution;

/// <summary>The chain grain's own entry to run its graph: one long call that keeps the activation busy (and alive) while the chain runs.</summary>
internal interface IChainRunnerGrain : IGrainWithStringKey
{
    /// <summary>Runs the chain from its checkpoint until it ends, pauses or its silo stops; a no-op if it is already running here.</summary>
    /// <returns>A task that completes when the run stops.</returns>
    [OneWay]
    Task Run();
}
