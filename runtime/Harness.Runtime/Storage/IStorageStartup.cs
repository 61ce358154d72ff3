namespace Harness.Runtime.Storage;

/// <summary>
/// A storage component that prepares its backing store when the silo starts (opens files, creates the schema),
/// so a misconfigured or unusable store stops the silo at start rather than failing the first grain call.
/// Every registered instance is started once; starting is idempotent.
/// </summary>
internal interface IStorageStartup
{
    /// <summary>Prepares the store; throws a descriptive exception if it cannot be used.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
