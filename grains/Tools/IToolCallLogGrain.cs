using Harness.Runtime;

namespace Harness.Grains.Tools;

/// <summary>The completed tool calls of one chain (keyed by the chain id), persisted before a call's result is used.</summary>
internal interface IToolCallLogGrain : IGrainWithStringKey
{
    /// <summary>Finds a completed call by its idempotency key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The entry, or null when no call with that key completed.</returns>
    Task<ToolCallLogEntry?> Find(string key);

    /// <summary>Records a completed call (the first record of a key wins).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>A task that completes when it is persisted.</returns>
    Task Record(ToolCallLogEntry entry);
}
