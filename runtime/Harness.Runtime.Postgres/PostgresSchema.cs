namespace Harness.Runtime.Postgres;

/// <summary>
/// The database schema as ordered migrations; the versions applied are rows of <c>harness_schema</c>. Tables live
/// in the first schema of the connection's search path (<c>public</c> unless the connection string says otherwise).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The key of the transaction-scoped advisory lock migrations run under ("Harness" in ASCII).</summary>
    public const long MigrationLockKey = 0x4861726E657373;

    public const string VersionTable = "harness_schema";

    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS harness_schema (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public const string LockMigrations = "SELECT pg_advisory_xact_lock($1);";

    public const string ReadVersion = "SELECT COALESCE(MAX(version), 0) FROM harness_schema;";

    public const string InsertVersion = "INSERT INTO harness_schema (version) VALUES ($1);";

    /// <summary>
    /// Grain states; a row with a null <c>payload</c> is the tombstone a clear leaves, keeping <c>etag</c> so the
    /// key's versions never restart. <c>id</c> (stable: rows are never deleted) lets an activation's later writes
    /// address its row directly. Every statement is idempotent, so a half-applied database is completed.
    /// </summary>
    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS harness_grain_state (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            state_name text NOT NULL,
            payload bytea,
            etag bigint NOT NULL,
            updated_at timestamptz,
            CONSTRAINT harness_grain_state_key UNIQUE (grain_type, grain_key, state_name)
        );
        CREATE TABLE IF NOT EXISTS harness_reminders (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            name text NOT NULL,
            start_at timestamptz NOT NULL,
            period_ms bigint NOT NULL,
            etag bigint NOT NULL,
            CONSTRAINT harness_reminders_pkey PRIMARY KEY (grain_type, grain_key, name)
        );
        """;

    /// <summary>The migrations in order: each brings the schema from the previous version to its own.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, Version1),
    ];

    /// <summary>Gets the schema version this runtime creates and understands: the last migration's.</summary>
    public static int Version => Migrations[^1].Version;
}
