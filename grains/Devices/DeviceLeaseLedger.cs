using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harness.Grains.Devices;

/// <summary>
/// What the silo's devices hold, kept by the device and inference grains and read by the membership heartbeat, the
/// inference grains' device choice and the device gauges: memory held and used, resident models, and busy time.
/// </summary>
public sealed class DeviceLeaseLedger
{
    private readonly ConcurrentDictionary<string, Memory> _memory = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Activity> _activity = new(StringComparer.Ordinal);

    /// <summary>Records what a device holds.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="heldMb">The memory that cannot be had without preemption: leases and the weights of models in use, in MiB.</param>
    /// <param name="usedMb">The memory in use: leases and every resident model's weights, in MiB.</param>
    /// <param name="residentModels">The models whose weights are resident.</param>
    public void Set(string deviceId, long heldMb, long usedMb, string[] residentModels) => _memory[deviceId] = new Memory(heldMb, usedMb, residentModels);

    /// <summary>Reads the memory held on a device (zero when none or unknown): what placement cannot have without preemption.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The memory held, in MiB.</returns>
    public long GetLeased(string deviceId) => _memory.TryGetValue(deviceId, out var memory) ? memory.HeldMb : 0;

    /// <summary>Reads the memory in use on a device, idle resident weights included.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The memory in use, in MiB.</returns>
    public long GetUsed(string deviceId) => _memory.TryGetValue(deviceId, out var memory) ? memory.UsedMb : 0;

    /// <summary>Reads the models resident on a device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The model names.</returns>
    public IReadOnlyList<string> GetResidentModels(string deviceId) => _memory.TryGetValue(deviceId, out var memory) ? memory.Models : [];

    /// <summary>Records that a generation started on a device.</summary>
    /// <param name="deviceId">The device id.</param>
    public void BeginWork(string deviceId) => _activity.GetOrAdd(deviceId, static _ => new Activity()).Change(+1);

    /// <summary>Records that a generation on a device ended.</summary>
    /// <param name="deviceId">The device id.</param>
    public void EndWork(string deviceId) => _activity.GetOrAdd(deviceId, static _ => new Activity()).Change(-1);

    /// <summary>Returns the fraction of the time since the previous call during which the device ran a generation.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The utilisation, 0 to 1.</returns>
    public double TakeUtilization(string deviceId) => _activity.GetOrAdd(deviceId, static _ => new Activity()).TakeUtilization();

    private sealed record Memory(long HeldMb, long UsedMb, string[] Models);

    /// <summary>Running generations and the busy time they add up to, between two readings.</summary>
    private sealed class Activity
    {
        private readonly Lock _lock = new();
        private int _running;
        private long _since = Stopwatch.GetTimestamp();
        private long _readAt = Stopwatch.GetTimestamp();
        private long _busyTicks;

        public void Change(int delta)
        {
            lock (_lock)
            {
                Accumulate(Stopwatch.GetTimestamp());
                _running = Math.Max(0, _running + delta);
            }
        }

        public double TakeUtilization()
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                Accumulate(now);
                var window = now - _readAt;
                var utilization = window <= 0 ? 0 : Math.Clamp((double)_busyTicks / window, 0, 1);
                _busyTicks = 0;
                _readAt = now;
                return utilization;
            }
        }

        private void Accumulate(long now)
        {
            if (_running > 0)
            {
                _busyTicks += now - _since;
            }

            _since = now;
        }
    }
}
