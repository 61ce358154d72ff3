using System.Data;
using System.Globalization;
using Harness.Runtime.Placement;
using Harness.Runtime.Storage;
using static Harness.Runtime.Storage.VersionedRecords;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Harness.Runtime.Postgres;

/// <summary>
/// Grain storage in PostgreSQL (table <c>harness_grain_state</c>). The ETag is the row's integer version: an
/// insert (null ETag) starts it at 1 and never overwrites; an update or clear applies only where the stored
/// version equals the writer's, so a stale writer gets <see cref="InconsistentStateException"/> and changes
/// nothing. A clear keeps the row as a tombstone (null payload) with the next version, so a key's ETags never repeat.
/// </summary>
/// <remarks>
/// Writes are the hot path: one statement, one round trip, on a pooled connection where Npgsql has prepared it.
/// The state is serialized before the connection is taken; the next version is bound rather than computed; and
/// once a read or write has returned the row's id (kept on <see cref="IStorageHandleHolder"/>), later writes
/// address the row by its primary key instead of the three-part key. Row-level locking under READ COMMITTED
/// makes concurrent writers with the same ETag serialize on the row: the first wins, the others match no row.
/// <para>
/// With a fence (<see cref="PostgresStorageOptions.FenceWritesByDirectory"/>), every write and clear also requires,
/// in the same statement, that <c>harness_grain_directory</c> names this silo for the grain: one primary-key probe
/// that share-locks the entry until the write commits. A silo declared dead has its entries removed (or taken over
/// by the silo that replaces the activation), so its late writes match no row and fail; and once the entry is gone
/// no write of the old silo can still commit.
/// </para>
/// </remarks>
internal sealed partial class PostgresGrainStorage : IGrainStorage
{
    private const string Table = "harness_grain_state";
    private const string KeyFilter = "grain_type = $1 AND grain_key = $2 AND state_name = $3";
    private const string SelectSql = "SELECT payload, etag, id FROM " + Table + " WHERE " + KeyFilter;
    private const string SelectETagSql = "SELECT etag FROM " + Table + " WHERE " + KeyFilter;
    private const string InsertSql =
        "INSERT INTO " + Table + " (grain_type, grain_key, state_name, payload, etag, updated_at) " +
        "VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT DO NOTHING RETURNING id";

    // Matches a record or a tombstone alike: writing over a tombstone revives it.
    private const string UpdateByKeySql =
        "UPDATE " + Table + " SET payload = $4, etag = $5, updated_at = $6 WHERE " + KeyFilter + " AND etag = $7 RETURNING id";
    private const string UpdateByIdSql = "UPDATE " + Table + " SET payload = $1, etag = $2, updated_at = $3 WHERE id = $4 AND etag = $5";
    private const string ClearByKeySql =
        "UPDATE " + Table + " SET payload = NULL, etag = $4, updated_at = $5 WHERE " + KeyFilter + " AND etag = $6 RETURNING id";
    private const string ClearByIdSql = "UPDATE " + Table + " SET payload = NULL, etag = $1, updated_at = $2 WHERE id = $3 AND etag = $4";

    // The fenced statements: the same, plus "the directory names this silo for the grain" (the silo's host, port
    // and generation are the last three parameters), share-locking that entry until the write commits, so the entry
    // cannot be removed or taken over while a write it allowed is still uncommitted. The by-id forms take the grain
    // from the row being updated.
    private const string Fence = "EXISTS (SELECT 1 FROM harness_grain_directory d WHERE ";
    private const string FenceOfKey = Fence + "d.grain_type = $1 AND d.grain_key = $2 AND ";
    private const string FenceOfRow = Fence + "d.grain_type = " + Table + ".grain_type AND d.grain_key = " + Table + ".grain_key AND ";
    private const string FencedInsertSql =
        "INSERT INTO " + Table + " (grain_type, grain_key, state_name, payload, etag, updated_at) SELECT $1, $2, $3, $4, 1, $5 " +
        "WHERE " + FenceOfKey + "d.silo_host = $6 AND d.silo_port = $7 AND d.silo_generation = $8 FOR SHARE) ON CONFLICT DO NOTHING RETURNING id";
    private const string FencedUpdateByKeySql =
        "UPDATE " + Table + " SET payload = $4, etag = $5, updated_at = $6 WHERE " + KeyFilter + " AND etag = $7 " +
        "AND " + FenceOfKey + "d.silo_host = $8 AND d.silo_port = $9 AND d.silo_generation = $10 FOR SHARE) RETURNING id";
    private const string FencedUpdateByIdSql =
        UpdateByIdSql + " AND " + FenceOfRow + "d.silo_host = $6 AND d.silo_port = $7 AND d.silo_generation = $8 FOR SHARE)";
    private const string FencedClearByKeySql =
        "UPDATE " + Table + " SET payload = NULL, etag = $4, updated_at = $5 WHERE " + KeyFilter + " AND etag = $6 " +
        "AND " + FenceOfKey + "d.silo_host = $7 AND d.silo_port = $8 AND d.silo_generation = $9 FOR SHARE) RETURNING id";
    private const string FencedClearByIdSql =
        ClearByIdSql + " AND " + FenceOfRow + "d.silo_host = $5 AND d.silo_port = $6 AND d.silo_generation = $7 FOR SHARE)";

    // Why a write matched no row: the stored version, and the silo the directory names (if any).
    private const string ProbeSql =
        "SELECT (" + SelectETagSql + "), d.silo_host, d.silo_port, d.silo_generation FROM (SELECT 1) AS one " +
        "LEFT JOIN harness_grain_directory d ON d.grain_type = $1 AND d.grain_key = $2";

    private readonly string _name;
    private readonly PostgresDatabase _database;
    private readonly GrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<SiloAddress>? _fence;

    public PostgresGrainStorage(string name, PostgresDatabase database, GrainStateSerializer serializer, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger)
        : this(name, database, serializer, timeProvider, logger, fence: null)
    {
    }

    /// <summary>Creates the storage, fenced by the grain directory when <paramref name="fence"/> is given.</summary>
    /// <param name="name">The storage provider name.</param>
    /// <param name="database">The database.</param>
    /// <param name="serializer">The state serializer.</param>
    /// <param name="timeProvider">The clock of <c>updated_at</c>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="fence">
    /// Returns the local silo's address; called at each write. With it, writes and clears succeed only while the
    /// grain directory names that silo for the grain. Null: no fence.
    /// </param>
    public PostgresGrainStorage(
        string name, PostgresDatabase database, GrainStateSerializer serializer, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger, Func<SiloAddress>? fence)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _name = name;
        _database = database;
        _serializer = serializer;
        _timeProvider = timeProvider;
        _logger = logger;
        _fence = fence;
    }

    /// <summary>Gets a value indicating whether writes are fenced by the grain directory.</summary>
    public bool IsFenced => _fence is not null;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        Validate(stateName, grainId, grainState);
        var found = false;
        byte[]? payload = null;
        long version = 0;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(SelectSql, connection).AddKey(grainId, stateName);
            await using var rows = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
            if (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found = true;
                payload = rows.IsDBNull(0) ? null : rows.GetFieldValue<byte[]>(0);
                version = rows.GetInt64(1);
                RememberRow(grainState, rows.GetInt64(2));
            }
        }

        ApplyRead(grainState, found, payload, version, _serializer, stateName, grainId);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        Validate(stateName, grainId, grainState);

        // Serialized before any await: the serializer's buffer belongs to this thread until its next use.
        var payload = _serializer.SerializeToArray(grainState.State);
        var expected = grainState.ETag;
        var updatedAt = _timeProvider.GetUtcNow();
        var fence = LocalSilo();
        long written;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (expected is null)
            {
                // Fails over a tombstone too: its ETag must be presented, so versions never restart.
                await using var insert = new NpgsqlCommand(fence is null ? InsertSql : FencedInsertSql, connection).AddKey(grainId, stateName);
                insert.Parameters.Add(PostgresParameters.Bytea(payload));
                insert.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                AddFence(insert, fence);
                var inserted = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (!RememberRow(grainState, inserted))
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, fence, cancellationToken).ConfigureAwait(false);
                }

                written = FirstVersion;
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, fence, cancellationToken).ConfigureAwait(false);
                }

                bool updated;
                if (KnownRow(grainState) is { } row)
                {
                    await using var update = new NpgsqlCommand(fence is null ? UpdateByIdSql : FencedUpdateByIdSql, connection);
                    update.Parameters.Add(PostgresParameters.Bytea(payload));
                    update.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    update.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    update.Parameters.Add(PostgresParameters.Bigint(row));
                    update.Parameters.Add(PostgresParameters.Bigint(version));
                    AddFence(update, fence);
                    updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }
                else
                {
                    await using var update = new NpgsqlCommand(fence is null ? UpdateByKeySql : FencedUpdateByKeySql, connection).AddKey(grainId, stateName);
                    update.Parameters.Add(PostgresParameters.Bytea(payload));
                    update.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    update.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    update.Parameters.Add(PostgresParameters.Bigint(version));
                    AddFence(update, fence);
                    updated = RememberRow(grainState, await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
                }

                if (!updated)
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, fence, cancellationToken).ConfigureAwait(false);
                }

                written = version + 1;
            }
        }

        grainState.ETag = FormatETag(written);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        Validate(stateName, grainId, grainState);
        var expected = grainState.ETag;
        var fence = LocalSilo();
        long? cleared = null;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (expected is null)
            {
                // Nothing stored, nothing to clear; a record or tombstone the writer does not know of is a conflict,
                // and a fenced silo may not clear at all.
                if (fence is { } silo)
                {
                    var (version, owner) = await ProbeAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false);
                    if (owner != silo)
                    {
                        throw Fenced("clear", stateName, grainId, expected, version, silo, owner);
                    }

                    if (version is not null)
                    {
                        throw Conflict("clear", stateName, grainId, expected, version);
                    }
                }
                else if (await ReadVersionAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false) is { } version)
                {
                    throw Conflict("clear", stateName, grainId, expected, version);
                }
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, expected, fence, cancellationToken).ConfigureAwait(false);
                }

                var updatedAt = _timeProvider.GetUtcNow();
                bool updated;
                if (KnownRow(grainState) is { } row)
                {
                    await using var clear = new NpgsqlCommand(fence is null ? ClearByIdSql : FencedClearByIdSql, connection);
                    clear.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    clear.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    clear.Parameters.Add(PostgresParameters.Bigint(row));
                    clear.Parameters.Add(PostgresParameters.Bigint(version));
                    AddFence(clear, fence);
                    updated = await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }
                else
                {
                    await using var clear = new NpgsqlCommand(fence is null ? ClearByKeySql : FencedClearByKeySql, connection).AddKey(grainId, stateName);
                    clear.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    clear.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    clear.Parameters.Add(PostgresParameters.Bigint(version));
                    AddFence(clear, fence);
                    updated = RememberRow(grainState, await clear.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
                }

                if (!updated)
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, expected, fence, cancellationToken).ConfigureAwait(false);
                }

                cleared = version + 1;
            }
        }

        grainState.State = new T();
        grainState.ETag = cleared is { } tombstone ? FormatETag(tombstone) : null;
        grainState.RecordExists = false;
    }

    private static async Task<long?> ReadVersionAsync(NpgsqlConnection connection, GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectETagSql, connection).AddKey(grainId, stateName);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    /// <summary>
    /// Builds the error for a write or clear that matched no row: the fenced error when the grain directory no
    /// longer names this silo, else the conflict error with the stored ETag as it is now.
    /// </summary>
    private async Task<InconsistentStateException> ConflictAsync(
        NpgsqlConnection connection, string operation, string stateName, GrainId grainId, string? expected, SiloAddress? fence, CancellationToken cancellationToken)
    {
        if (fence is { } silo)
        {
            var (version, owner) = await ProbeAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false);
            return owner == silo
                ? Conflict(operation, stateName, grainId, expected, version)
                : Fenced(operation, stateName, grainId, expected, version, silo, owner);
        }

        return Conflict(operation, stateName, grainId, expected, await ReadVersionAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false));
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? expected, long? version)
    {
        var stored = version is { } known ? FormatETag(known) : null;
        LogConflict(_name, operation, stateName, grainId, stored, expected);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}' in PostgreSQL storage '{_name}': the stored version differs from the writer's",
            stored,
            expected);
    }

    private InconsistentStateException Fenced(string operation, string stateName, GrainId grainId, string? expected, long? version, SiloAddress silo, SiloAddress? owner)
    {
        var names = owner?.ToString() ?? "no silo";
        LogFenced(_name, operation, stateName, grainId, silo.ToString(), names);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}' in PostgreSQL storage '{_name}': silo {silo} no longer owns the grain's activation " +
            $"(the grain directory names {names}): a silo declared dead, or replaced for this grain, is fenced and its late writes are rejected",
            version is { } known ? FormatETag(known) : null,
            expected);
    }

    /// <summary>Reads the stored version and the silo the grain directory names for the grain, in one round trip.</summary>
    private static async Task<(long? Version, SiloAddress? Owner)> ProbeAsync(
        NpgsqlConnection connection, GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var probe = new NpgsqlCommand(ProbeSql, connection).AddKey(grainId, stateName);
        await using var row = await probe.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        await row.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (
            row.IsDBNull(0) ? null : row.GetInt64(0),
            row.IsDBNull(1) ? null : new SiloAddress(row.GetString(1), row.GetInt32(2), row.GetInt64(3)));
    }

    private static void AddFence(NpgsqlCommand command, SiloAddress? fence)
    {
        if (fence is { } silo)
        {
            command.AddSilo(silo);
        }
    }

    private SiloAddress? LocalSilo() => _fence?.Invoke();
}
