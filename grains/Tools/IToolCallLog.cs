namespace Harness.Grains.Tools;

/// <summary>Records completed tool calls by idempotency key, so a retried call returns the recorded result.</summary>
public interface IToolCallLog
{
    /// <summary>Finds the completed call with <paramref name="key"/>.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    /// <returns>The record, or null when no call with that key completed.</returns>
    ValueTask<ToolCallRecord?> FindAsync(ToolCallKey key, CancellationToken cancellationToken);

    /// <summary>Records a completed call; an existing record with the same key is kept.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    ValueTask RecordAsync(ToolCallRecord record, CancellationToken cancellationToken);
}
