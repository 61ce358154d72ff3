using Harness.GrainInterfaces.Chains;

namespace Harness.GrainInterfaces.Devices;

/// <summary>A request for a share of a device: VRAM for a time slice, at a QoS class.</summary>
public sealed record LeaseRequest
{
    /// <summary>Gets who holds the lease (e.g. a chain and node); for logs and status.</summary>
    public required string HolderId { get; init; }

    /// <summary>Gets the VRAM wanted, in MiB (zero for compute-only work).</summary>
    public required long VramMb { get; init; }

    /// <summary>Gets how long the lease lasts unless renewed.</summary>
    public required TimeSpan TimeSlice { get; init; }

    /// <summary>Gets the QoS class; higher classes are served first.</summary>
    public QosClass Qos { get; init; } = QosClass.Standard;

    /// <summary>Gets how long the request may wait in the queue; null for the device's default.</summary>
    public TimeSpan? WaitTimeout { get; init; }

    /// <summary>
    /// Gets the key of the stream (<see cref="PreemptionStreams.Namespace"/>) to signal when a higher class needs this
    /// lease's memory; null for a lease that is never preempted.
    /// </summary>
    public string? PreemptionKey { get; init; }

    /// <summary>
    /// Gets the model whose weights the work needs resident on the device, or null. Weights are shared: the first lease
    /// of a model also takes <see cref="ModelMb"/>, later ones only their own <see cref="VramMb"/>; weights stay resident
    /// after their last lease ends (warm) until the device needs their memory for another model.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>Gets the memory the weights of <see cref="Model"/> take on the device, in MiB (0 when they live elsewhere).</summary>
    public long ModelMb { get; init; }
}
