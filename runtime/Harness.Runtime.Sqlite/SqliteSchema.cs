namespace Harness.Runtime.Sqlite;

/// <summary>The database schema; <see cref="Version"/> is stored in <c>schema_version</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this runtime creates and understands.</summary>
    public const long Version = 1;

    public const string CreateVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";

    public const string ReadVersion = "SELECT MAX(version) FROM schema_version;";

    public const string InsertVersion = "INSERT INTO schema_version (version) VALUES (@version);";

    /// <summary>
    /// Grain states; a row with a null <c>payload</c> is the tombstone a clear leaves, keeping <c>etag</c> so the
    /// key's versions never restart. <c>updated_at</c> is Unix milliseconds. Checkpoints are large rows, which
    /// SQLite keeps best in a rowid table, out of the key's B-tree; <c>id</c> lets an activation's later writes
    /// address its row directly, and AUTOINCREMENT makes sure an id is never reused for another grain's row.
    /// </summary>
    public const string CreateGrainStateTable = """
        CREATE TABLE IF NOT EXISTS grain_state (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload BLOB,
            etag INTEGER NOT NULL,
            updated_at INTEGER,
            UNIQUE (grain_type, grain_key, state_name)
        );
        """;

    public const string CreateRemindersTable = """
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            name TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            period_ms INTEGER NOT NULL,
            etag INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name)
        ) WITHOUT ROWID;
        """;

    /// <summary>The statements creating the version 1 tables, one per command.</summary>
    public static readonly string[] CreateTables = [CreateGrainStateTable, CreateRemindersTable];
}
