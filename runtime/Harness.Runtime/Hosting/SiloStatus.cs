namespace Harness.Runtime.Hosting;

/// <summary>The life of a silo.</summary>
public enum SiloStatus
{
    /// <summary>Built, not started.</summary>
    Created,

    /// <summary>Starting: validating configuration, opening storage, loading reminders.</summary>
    Joining,

    /// <summary>Serving grain calls.</summary>
    Active,

    /// <summary>Deactivating grains before leaving.</summary>
    ShuttingDown,

    /// <summary>Stopped (or failed to start).</summary>
    Dead,
}
