using Harness.Runtime.Placement;

namespace Harness.Runtime.Hosting;

/// <summary>The local silo's state, for health checks and operators.</summary>
public interface ISiloStatus
{
    /// <summary>Gets the silo's status.</summary>
    SiloStatus Status { get; }

    /// <summary>Gets the silo's address.</summary>
    SiloAddress Address { get; }

    /// <summary>Gets the silo's configured name.</summary>
    string SiloName { get; }

    /// <summary>Gets the number of activations.</summary>
    int ActivationCount { get; }

    /// <summary>Gets why the silo failed to start, if it did.</summary>
    string? StartupFailure { get; }
}
