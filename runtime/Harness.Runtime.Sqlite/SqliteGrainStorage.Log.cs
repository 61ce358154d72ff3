using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Sqlite;

internal sealed partial class SqliteGrainStorage
{
    [LoggerMessage(EventId = 510, Level = LogLevel.Debug, Message = "SQLite storage {StorageName} rejected a {Operation} of state {StateName} of grain {GrainId}: stored ETag {StoredETag}, writer's ETag {WriterETag}.")]
    private partial void LogConflict(string storageName, string operation, string stateName, GrainId grainId, string? storedETag, string? writerETag);
}
