using System.Diagnostics.Metrics;

namespace Harness.Runtime.Diagnostics;

/// <summary>
/// The runtime's OpenTelemetry-compatible instruments (meter <c>Harness.Runtime</c>; names in docs/telemetry.md).
/// Instruments without a listener cost one branch on the call path.
/// </summary>
internal sealed class RuntimeMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Harness.Runtime";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _activationsRemoved;
    private readonly Counter<long> _activationsFailed;
    private readonly Counter<long> _silosDeclaredDead;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _registrationsLost;
    private readonly Meter _meter;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _calls = _meter.CreateCounter<long>("harness.grain.calls", "{call}", "Grain calls sent.");
        _activationsCreated = _meter.CreateCounter<long>("harness.activations.created", "{activation}", "Activations that finished activating.");
        _activationsRemoved = _meter.CreateCounter<long>("harness.activations.removed", "{activation}", "Activations deactivated, by reason.");
        _activationsFailed = _meter.CreateCounter<long>("harness.activations.failed", "{activation}", "Activations whose constructor, state read or OnActivateAsync threw.");
        _silosDeclaredDead = _meter.CreateCounter<long>("harness.membership.silos_declared_dead", "{silo}", "Silos this silo declared dead after their heartbeats stopped.");
        _forwarded = _meter.CreateCounter<long>("harness.grain.calls.forwarded", "{call}", "Calls this silo passed on to another silo (stale route or placement elsewhere).");
        _registrationsLost = _meter.CreateCounter<long>("harness.directory.registrations_lost", "{activation}", "Activations dropped before running because another silo registered the grain first.");
    }

    /// <summary>Observes the membership view: silos by status, as this silo last read the table.</summary>
    public void ObserveMembership(Func<IEnumerable<Measurement<int>>> silosByStatus) =>
        _meter.CreateObservableGauge("harness.membership.silos", silosByStatus, "{silo}", "Silos in the membership table, by status.");

    public void SiloDeclaredDead() => _silosDeclaredDead.Add(1);

    public void CallForwarded() => _forwarded.Add(1);

    public void RegistrationLost() => _registrationsLost.Add(1);

    public void ObserveActivations(Func<int> count) =>
        _meter.CreateObservableGauge("harness.activations.count", count, "{activation}", "Activations in the silo's catalog.");

    public void CallSent()
    {
        if (_calls.Enabled)
        {
            _calls.Add(1);
        }
    }

    public void ActivationCreated() => _activationsCreated.Add(1);

    public void ActivationFailed() => _activationsFailed.Add(1);

    public void ActivationRemoved(DeactivationReason reason)
    {
        if (_activationsRemoved.Enabled)
        {
            _activationsRemoved.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
        }
    }
}
