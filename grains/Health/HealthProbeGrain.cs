using Harness.Runtime;
using Harness.Runtime.Placement;
using Harness.Runtime.Storage;

namespace Harness.Grains.Health;

/// <summary>
/// Counts health checks in persistent state, written at most once a minute to spare storage. Placed on the
/// silo that first asks (one probe per silo name), so a silo's health check exercises its own activations.
/// </summary>
[GrainType("health-probe")]
[PreferLocalPlacement]
internal sealed class HealthProbeGrain(
    [PersistentState("probe")] IPersistentState<HealthProbeState> state,
    TimeProvider time) : Grain, IHealthProbeGrain
{
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    public async Task<long> CheckAsync()
    {
        state.State.Checks++;
        var now = time.GetUtcNow();
        if (now - state.State.LastWrite >= WriteInterval)
        {
            state.State.LastWrite = now;
            await state.WriteStateAsync();
        }

        return state.State.Checks;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        state.WriteStateAsync(cancellationToken);
}
