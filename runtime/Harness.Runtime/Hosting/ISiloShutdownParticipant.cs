namespace Harness.Runtime.Hosting;

/// <summary>
/// A silo component with work to hand over when the silo stops gracefully (leases, queued deliveries). Called
/// after every grain has been deactivated and before the silo leaves the cluster, within the shutdown timeout.
/// </summary>
internal interface ISiloShutdownParticipant
{
    /// <summary>Hands the component's work over to the rest of the cluster.</summary>
    Task OnShutdownAsync(CancellationToken cancellationToken);
}
