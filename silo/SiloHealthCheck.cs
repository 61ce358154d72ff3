using Harness.Grains.Health;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Harness.Silo;

/// <summary>
/// Healthy when the silo is active and a real grain call completes: the probe grain round-trips through
/// the dispatcher, an activation and its persistent state.
/// </summary>
internal sealed class SiloHealthCheck(ISiloStatus status, IGrainFactory grains, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["silo"] = status.SiloName,
            ["status"] = status.Status.ToString(),
            ["activations"] = status.ActivationCount,
        };
        if (status.Status != SiloStatus.Active)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Silo is {status.Status}.", data: data);
        }

        var started = time.GetTimestamp();
        var probe = grains.GetGrain<IHealthProbeGrain>(status.SiloName);
        var checks = await probe.CheckAsync().WaitAsync(TimeSpan.FromSeconds(5), time, cancellationToken);
        data["probeCalls"] = checks;
        data["probeMs"] = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3);
        return HealthCheckResult.Healthy("Silo is active and serving grain calls.", data);
    }
}
