namespace Harness.GrainInterfaces.Devices;

/// <summary>A model whose weights are loaded on a device, shared by every lease that names it.</summary>
public sealed record ResidentModel
{
    /// <summary>Gets the model name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the memory its weights take, in MiB.</summary>
    public required long SizeMb { get; init; }

    /// <summary>Gets the number of leases using it now; 0 for an idle (warm) model, which may be evicted.</summary>
    public required int Users { get; init; }

    /// <summary>Gets how many leases have used it since it became resident.</summary>
    public required long Uses { get; init; }

    /// <summary>Gets when it became resident.</summary>
    public required DateTimeOffset ResidentSince { get; init; }

    /// <summary>Gets when it was last used (granted or released).</summary>
    public required DateTimeOffset LastUsedAt { get; init; }

    /// <summary>Gets how long loading its weights took (the cold start), once known.</summary>
    public TimeSpan? LoadTime { get; init; }
}
