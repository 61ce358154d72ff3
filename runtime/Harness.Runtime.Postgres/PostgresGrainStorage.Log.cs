using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Postgres;

internal sealed partial class PostgresGrainStorage
{
    [LoggerMessage(EventId = 610, Level = LogLevel.Debug, Message = "PostgreSQL storage {StorageName} rejected a {Operation} of state {StateName} of grain {GrainId}: stored ETag {StoredETag}, writer's ETag {WriterETag}.")]
    private partial void LogConflict(string storageName, string operation, string stateName, GrainId grainId, string? storedETag, string? writerETag);

    [LoggerMessage(EventId = 611, Level = LogLevel.Warning, Message = "PostgreSQL storage {StorageName} rejected a {Operation} of state {StateName} of grain {GrainId}: silo {Silo} no longer owns the grain's activation (the grain directory names {Owner}).")]
    private partial void LogFenced(string storageName, string operation, string stateName, GrainId grainId, string silo, string owner);
}
