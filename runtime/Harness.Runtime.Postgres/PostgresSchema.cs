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

    /// <summary>
    /// Cluster membership and the grain directory. <c>harness_silos</c>: one row per silo process (a restart is a new
    /// generation, hence a new row); <c>status</c> is the <c>SiloStatus</c> value; <c>last_heartbeat</c> is written with
    /// the server's clock, so heartbeat ages never depend on the silos' clocks; <c>capabilities</c> is the advertised
    /// <c>SiloCapabilities</c> as JSON. <c>harness_grain_directory</c>: the silo of each grain's one activation; the
    /// index serves removing a dead silo's entries.
    /// </summary>
    private const string Version2 = """
        CREATE TABLE IF NOT EXISTS harness_silos (
            host text NOT NULL,
            port integer NOT NULL,
            generation bigint NOT NULL,
            silo_name text NOT NULL,
            status smallint NOT NULL,
            started_at timestamptz NOT NULL,
            last_heartbeat timestamptz NOT NULL,
            capabilities jsonb NOT NULL,
            CONSTRAINT harness_silos_pkey PRIMARY KEY (host, port, generation)
        );
        CREATE TABLE IF NOT EXISTS harness_grain_directory (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            silo_host text NOT NULL,
            silo_port integer NOT NULL,
            silo_generation bigint NOT NULL,
            registered_at timestamptz NOT NULL,
            CONSTRAINT harness_grain_directory_pkey PRIMARY KEY (grain_type, grain_key)
        );
        CREATE INDEX IF NOT EXISTS harness_grain_directory_silo ON harness_grain_directory (silo_host, silo_port, silo_generation);
        ALTER TABLE harness_reminders ADD COLUMN IF NOT EXISTS last_fired timestamptz;
        """;

    /// <summary>
    /// Durable streams. <c>harness_streams</c>: one row per stream, its last sequence number (the append's counter:
    /// updating it locks the row, so appends to one stream are numbered gaplessly in commit order) and its
    /// <c>hash</c> (<c>DurableStreamPartitions.Hash</c>, for sweeping by partition). <c>harness_stream_events</c>: the
    /// events. <c>harness_stream_checkpoints</c>: the last event each consumer grain processed.
    /// <c>harness_stream_leases</c>: which silo sweeps which partition, until <c>expires_at</c> (server time).
    /// </summary>
    private const string Version3 = """
        CREATE TABLE IF NOT EXISTS harness_streams (
            provider text NOT NULL,
            namespace text NOT NULL,
            key text NOT NULL,
            hash bigint NOT NULL,
            last_seq bigint NOT NULL,
            CONSTRAINT harness_streams_pkey PRIMARY KEY (provider, namespace, key)
        );
        CREATE TABLE IF NOT EXISTS harness_stream_events (
            provider text NOT NULL,
            namespace text NOT NULL,
            key text NOT NULL,
            seq bigint NOT NULL,
            payload bytea NOT NULL,
            appended_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT harness_stream_events_pkey PRIMARY KEY (provider, namespace, key, seq)
        );
        CREATE TABLE IF NOT EXISTS harness_stream_checkpoints (
            provider text NOT NULL,
            namespace text NOT NULL,
            key text NOT NULL,
            consumer_type text NOT NULL,
            consumer_key text NOT NULL,
            seq bigint NOT NULL,
            CONSTRAINT harness_stream_checkpoints_pkey PRIMARY KEY (provider, namespace, key, consumer_type, consumer_key)
        );
        CREATE TABLE IF NOT EXISTS harness_stream_leases (
            provider text NOT NULL,
            partition integer NOT NULL,
            owner text NOT NULL,
            expires_at timestamptz NOT NULL,
            CONSTRAINT harness_stream_leases_pkey PRIMARY KEY (provider, partition)
        );
        """;

    /// <summary>The migrations in order: each brings the schema from the previous version to its own.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, Version1),
        (2, Version2),
        (3, Version3),
    ];

    /// <summary>Gets the schema version this runtime creates and understands: the last migration's.</summary>
    public static int Version => Migrations[^1].Version;
}
