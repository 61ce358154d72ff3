using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Harness.GrainInterfaces.Devices;
using Microsoft.Extensions.Logging;

namespace Harness.Grains.Devices;

/// <summary>
/// Finds NVIDIA GPUs through NVML (<c>libnvidia-ml.so.1</c>). Where the library is missing or fails, it finds no
/// devices and logs why at debug level; it never throws.
/// </summary>
/// <param name="logger">The logger.</param>
public sealed partial class NvmlDeviceDiscovery(ILogger<NvmlDeviceDiscovery> logger)
{
    private const string LibraryName = "libnvidia-ml.so.1";
    private const int Success = 0;
    private const long MiB = 1024 * 1024;

    /// <summary>Lists the GPUs NVML reports, as <c>gpu0</c>, <c>gpu1</c>, ... (empty without NVML).</summary>
    /// <returns>The devices.</returns>
    public IReadOnlyList<DeviceInfo> Discover()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
        {
            LogUnavailable(logger, LibraryName);
            return [];
        }

        NativeLibrary.Free(handle);
        try
        {
            return Query();
        }
#pragma warning disable CA1031 // Discovery must never fail the silo: any native failure means "no NVML devices".
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex.Message);
            return [];
        }
    }

    private List<DeviceInfo> Query()
    {
        var status = NativeMethods.nvmlInit_v2();
        if (status != Success)
        {
            LogFailed(logger, string.Create(CultureInfo.InvariantCulture, $"nvmlInit_v2 returned {status}"));
            return [];
        }

        try
        {
            status = NativeMethods.nvmlDeviceGetCount_v2(out var count);
            if (status != Success)
            {
                LogFailed(logger, string.Create(CultureInfo.InvariantCulture, $"nvmlDeviceGetCount_v2 returned {status}"));
                return [];
            }

            var devices = new List<DeviceInfo>((int)count);
            for (uint i = 0; i < count; i++)
            {
                if (NativeMethods.nvmlDeviceGetHandleByIndex_v2(i, out var device) != Success
                    || NativeMethods.nvmlDeviceGetMemoryInfo(device, out var memory) != Success)
                {
                    continue;
                }

                var id = string.Create(CultureInfo.InvariantCulture, $"gpu{i}");
                var name = ReadString(device, NativeMethods.nvmlDeviceGetName) ?? id;
                var uuid = ReadString(device, NativeMethods.nvmlDeviceGetUUID);
                devices.Add(new DeviceInfo
                {
                    Id = id,
                    Kind = "gpu",
                    Name = uuid is null ? name : $"{name} ({uuid})",
                    VramMb = (long)(memory.Total / MiB),
                    Source = "nvml",
                });
            }

            LogFound(logger, devices.Count);
            return devices;
        }
        finally
        {
            _ = NativeMethods.nvmlShutdown();
        }
    }

    private static string? ReadString(IntPtr device, Func<IntPtr, byte[], uint, int> read)
    {
        var buffer = new byte[96];
        if (read(device, buffer, (uint)buffer.Length) != Success)
        {
            return null;
        }

        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "NVML library {Library} not found: no NVML devices.")]
    private static partial void LogUnavailable(ILogger logger, string library);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "NVML discovery failed ({Reason}): no NVML devices.")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "NVML reported {Count} GPU(s).")]
    private static partial void LogFound(ILogger logger, int count);

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

#pragma warning disable SA1300, IDE1006, CA5392, SYSLIB1054 // NVML's own entry-point names; DllImport keeps the project free of unsafe code.
    private static class NativeMethods
    {
        [DllImport(LibraryName)]
        public static extern int nvmlInit_v2();

        [DllImport(LibraryName)]
        public static extern int nvmlShutdown();

        [DllImport(LibraryName)]
        public static extern int nvmlDeviceGetCount_v2(out uint count);

        [DllImport(LibraryName)]
        public static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

        [DllImport(LibraryName)]
        public static extern int nvmlDeviceGetName(IntPtr device, [Out] byte[] name, uint length);

        [DllImport(LibraryName)]
        public static extern int nvmlDeviceGetUUID(IntPtr device, [Out] byte[] uuid, uint length);

        [DllImport(LibraryName)]
        public static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out NvmlMemory memory);
    }
#pragma warning restore SA1300, IDE1006, CA5392, SYSLIB1054
}
