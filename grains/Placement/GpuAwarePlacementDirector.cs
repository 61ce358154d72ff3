using System.Globalization;
using System.Text;
using Harness.GrainInterfaces.Inference;
using Harness.Runtime.Configuration;
using Harness.Runtime.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Placement;

/// <summary>
/// Places an inference execution by the demand in its key (<c>{deviceKind}|{vramMb}|{model}|{executionId}</c>).
/// A device fits when its advertised free memory, less what this director reserved on it within the reservation
/// window, holds the demand; among fitting devices the one with the model resident wins, then the one with the
/// most memory left after placement, then the silo with fewer activations, then silo address and device id (so
/// equal inputs give equal answers). When nothing fits, the request goes where it will queue behind the least
/// outstanding demand among devices whose total memory holds it: the device grain queues it, never oversubscribes.
/// </summary>
/// <remarks>
/// Decisions are serialized by one lock: a decision and its reservation must be atomic, or concurrent decisions
/// within one heartbeat would read the same free memory and herd onto one device. The loop allocates nothing on
/// the success path.
/// </remarks>
internal sealed partial class GpuAwarePlacementDirector : IPlacementDirector
{
    private const long MiB = 1024 * 1024;
    private const string ExpectedKeyShape = "{deviceKind}|{vramMb}|{model}|{executionId}";

    private readonly PlacementReservationLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger<GpuAwarePlacementDirector> _logger;
    private readonly Lock _lock = new();

    public GpuAwarePlacementDirector(
        IOptions<GpuAwarePlacementOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        TimeProvider time,
        ILogger<GpuAwarePlacementDirector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _time = time;
        _logger = logger;
        Window = options.Value.ReservationWindow ?? clusterOptions.Value.HeartbeatPeriod * GpuAwarePlacementOptions.DefaultReservationHeartbeats;
        _ledger = new PlacementReservationLedger((long)(Window.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>Gets how long a placement counts against its device's free memory.</summary>
    public TimeSpan Window { get; }

    public ValueTask<SiloAddress> OnAddActivationAsync(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = target.GrainId.Key;
        if (!InferenceGrainKeys.TryParse(key, out var demand))
        {
            throw new PlacementException(
                $"Grain {target.GrainId} ({target.GrainClass.Name}) uses GPU-aware placement, but its key '{key}' is not '{ExpectedKeyShape}' (see InferenceGrainKeys.For).");
        }

        if (demand.VramMb > long.MaxValue / MiB)
        {
            throw NoDeviceLargeEnough(target, demand, context.GetCompatibleSilos(target));
        }

        var bytes = demand.VramMb * MiB;
        var silos = context.GetCompatibleSilos(target);
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var fit = default(Candidate);
            var wait = default(Candidate);
            for (var s = 0; s < silos.Count; s++)
            {
                var silo = silos[s];
                var devices = silo.Capabilities.Devices;
                for (var d = 0; d < devices.Count; d++)
                {
                    var device = devices[d];
                    if (device.TotalMemoryBytes < bytes || !string.Equals(device.Kind, demand.DeviceKind, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var reserved = _ledger.GetReserved(silo.Address, device.Id, now);
                    var free = device.FreeMemoryBytes - reserved;
                    var candidate = new Candidate(silo, device, free - bytes, device.TotalMemoryBytes - free, IsResident(device, demand.Model));
                    if (free >= bytes)
                    {
                        if (fit.Silo is null || candidate.FitsBetterThan(fit))
                        {
                            fit = candidate;
                        }
                    }
                    else if (fit.Silo is null && (wait.Silo is null || candidate.WaitsLessThan(wait)))
                    {
                        wait = candidate;
                    }
                }
            }

            var chosen = fit.Silo is not null ? fit : wait;
            if (chosen.Silo is null)
            {
                throw NoDeviceLargeEnough(target, demand, silos);
            }

            _ledger.Reserve(chosen.Silo.Address, chosen.Device.Id, bytes, now);
            if (fit.Silo is null)
            {
                LogQueued(_logger, target.GrainId, demand.VramMb, demand.DeviceKind, chosen.Silo.Address, chosen.Device.Id, chosen.OutstandingBytes / MiB, chosen.Device.TotalMemoryBytes / MiB);
            }

            return new(chosen.Silo.Address);
        }
    }

    private static bool IsResident(DeviceCapability device, string model)
    {
        var models = device.ResidentModels;
        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static PlacementException NoDeviceLargeEnough(PlacementTarget target, InferenceDemand demand, IReadOnlyList<SiloInfo> silos)
    {
        var cluster = new StringBuilder();
        foreach (var silo in silos)
        {
            foreach (var device in silo.Capabilities.Devices)
            {
                if (string.Equals(device.Kind, demand.DeviceKind, StringComparison.OrdinalIgnoreCase))
                {
                    cluster.Append(cluster.Length == 0 ? string.Empty : ", ")
                        .Append(CultureInfo.InvariantCulture, $"{device.Id} on {silo.Address} ({device.TotalMemoryBytes / MiB} MiB)");
                }
            }
        }

        var has = cluster.Length > 0
            ? $"the cluster's {demand.DeviceKind} devices are {cluster}"
            : $"the cluster has no {demand.DeviceKind} device (device kinds: {DescribeKinds(silos)}; {silos.Count} active silo(s))";
        return new PlacementException(string.Create(
            CultureInfo.InvariantCulture,
            $"No active silo has a {demand.DeviceKind} device with {demand.VramMb} MiB of memory for grain {target.GrainId} (model {demand.Model}): {has}."));
    }

    private static string DescribeKinds(IReadOnlyList<SiloInfo> silos)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            foreach (var device in silo.Capabilities.Devices)
            {
                kinds.Add(device.Kind);
            }
        }

        return kinds.Count == 0 ? "none" : string.Join(", ", kinds);
    }

    private static int CompareSilos(SiloAddress x, SiloAddress y)
    {
        var c = string.CompareOrdinal(x.Host, y.Host);
        if (c == 0)
        {
            c = x.Port.CompareTo(y.Port);
        }

        return c == 0 ? x.Generation.CompareTo(y.Generation) : c;
    }

    /// <summary>A device considered for one decision, with the figures the two orders compare.</summary>
    private readonly record struct Candidate(SiloInfo Silo, DeviceCapability Device, long FreeAfterBytes, long OutstandingBytes, bool Resident)
    {
        /// <summary>Resident model first, then most memory left, then fewer activations, then address and id.</summary>
        public bool FitsBetterThan(in Candidate other)
        {
            if (Resident != other.Resident)
            {
                return Resident;
            }

            if (FreeAfterBytes != other.FreeAfterBytes)
            {
                return FreeAfterBytes > other.FreeAfterBytes;
            }

            return BreaksTieBefore(other);
        }

        /// <summary>Least outstanding demand (leased plus reserved) first, then the larger device, then the tie-break.</summary>
        public bool WaitsLessThan(in Candidate other)
        {
            if (OutstandingBytes != other.OutstandingBytes)
            {
                return OutstandingBytes < other.OutstandingBytes;
            }

            if (Device.TotalMemoryBytes != other.Device.TotalMemoryBytes)
            {
                return Device.TotalMemoryBytes > other.Device.TotalMemoryBytes;
            }

            return BreaksTieBefore(other);
        }

        private bool BreaksTieBefore(in Candidate other)
        {
            var activations = Silo.Capabilities.ActivationCount.CompareTo(other.Silo.Capabilities.ActivationCount);
            if (activations != 0)
            {
                return activations < 0;
            }

            var silo = CompareSilos(Silo.Address, other.Silo.Address);
            return silo != 0 ? silo < 0 : string.CompareOrdinal(Device.Id, other.Device.Id) < 0;
        }
    }
}
