using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Sqlite;

internal sealed partial class SqliteDatabase
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Opened SQLite database {Path} (journal mode {JournalMode}, synchronous {Synchronous}, schema version {SchemaVersion}).")]
    private partial void LogDatabaseOpened(string path, string journalMode, SqliteSynchronousMode synchronous, long schemaVersion);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Created the schema (version {SchemaVersion}) in SQLite database {Path}.")]
    private partial void LogSchemaCreated(string path, long schemaVersion);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "Could not open SQLite database {Path} (SQLite error {ErrorCode}).")]
    private partial void LogStartupFailed(string path, int errorCode, Exception exception);

    [LoggerMessage(EventId = 503, Level = LogLevel.Debug, Message = "Closed SQLite database {Path}.")]
    private partial void LogDatabaseClosed(string path);
}
