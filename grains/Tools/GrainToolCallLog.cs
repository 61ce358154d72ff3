using Harness.Runtime;

namespace Harness.Grains.Tools;

/// <summary>The durable <see cref="IToolCallLog"/>: each chain's completed calls in its own log grain, in the silo's grain storage.</summary>
internal sealed class GrainToolCallLog(IGrainFactory grains) : IToolCallLog
{
    public async ValueTask<ToolCallRecord?> FindAsync(ToolCallKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = await grains.GetGrain<IToolCallLogGrain>(key.ChainId).Find(key.Value).WaitAsync(cancellationToken).ConfigureAwait(false);
        return entry is null
            ? null
            : new ToolCallRecord(key, entry.ToolName, entry.ToolVersion, new ToolResult(entry.ResultJson), entry.CompletedAt);
    }

    public async ValueTask RecordAsync(ToolCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await grains.GetGrain<IToolCallLogGrain>(record.Key.ChainId).Record(new ToolCallLogEntry
        {
            Key = record.Key.Value,
            Attempt = record.Key.Attempt,
            NodeId = record.Key.NodeId,
            ToolName = record.ToolName,
            ToolVersion = record.ToolVersion,
            ResultJson = record.Result.Json,
            CompletedAt = record.CompletedAt,
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
