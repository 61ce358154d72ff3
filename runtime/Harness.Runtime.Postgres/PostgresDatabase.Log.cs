using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Postgres;

internal sealed partial class PostgresDatabase
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "PostgreSQL database {Server} is ready (schema version {SchemaVersion}, after {Attempts} attempt(s)).")]
    private partial void LogDatabaseReady(string server, int schemaVersion, int attempts);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Applied schema migration {FromVersion} -> {ToVersion} to PostgreSQL database {Server}.")]
    private partial void LogMigrationApplied(string server, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "PostgreSQL server {Host}:{Port} (database {Database}) is unreachable (attempt {Attempt}: {Error}); retrying in {RetryDelay} (startup timeout: {StartupTimeout}). The silo stays Joining (unhealthy) until the server answers.")]
    private partial void LogServerUnreachable(string host, int port, string database, int attempt, string error, TimeSpan retryDelay, string startupTimeout);

    [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "PostgreSQL database {Server} cannot be used: {Reason}")]
    private partial void LogStartupFailed(string server, string reason, Exception? exception);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "Closed PostgreSQL data source {Server}.")]
    private partial void LogDatabaseClosed(string server);
}
