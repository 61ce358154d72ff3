namespace Harness.Runtime.Placement;

/// <summary>Where a silo can be reached, plus its generation (start time) so a restarted silo is a new address.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">Silo-to-silo port; 0 for a single silo without one.</param>
/// <param name="Generation">Distinguishes successive processes on the same endpoint.</param>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Host}:{Port}@{Generation}";
}
