namespace Harness.Grains.Devices;

/// <summary>A device declared in configuration (<c>Harness:Devices:Declared:N</c>).</summary>
public sealed class DeviceDeclaration
{
    /// <summary>Gets or sets the device id, unique within the silo (letters, digits, '-', '_', '.').</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the kind: <c>gpu</c>, <c>npu</c>, <c>cpu</c>, ...</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Gets or sets the human-readable name (the id when empty).</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the device memory in MiB.</summary>
    public long VramMb { get; set; }

    /// <summary>Gets or sets the optional inference endpoint (an absolute http or https URI).</summary>
    public string? Endpoint { get; set; }
}
