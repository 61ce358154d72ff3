namespace Harness.GrainInterfaces.Devices;

/// <summary>A device a silo owns: an accelerator found by NVML, one declared in configuration, or the CPU.</summary>
public sealed record DeviceInfo
{
    /// <summary>Gets the device id, unique within its silo (e.g. <c>gpu0</c>, <c>cpu</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the device kind (<c>gpu</c>, <c>npu</c>, <c>cpu</c>, ...).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the human-readable name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the device memory in MiB (VRAM for accelerators, the RAM budget for the CPU).</summary>
    public required long VramMb { get; init; }

    /// <summary>Gets the optional inference endpoint serving the device.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets where the device came from: <c>nvml</c>, <c>configuration</c> or <c>builtin</c>.</summary>
    public required string Source { get; init; }
}
