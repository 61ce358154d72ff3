using System.Data;
using System.Globalization;
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

    private readonly string _name;
    private readonly PostgresDatabase _database;
    private readonly GrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public PostgresGrainStorage(string name, PostgresDatabase database, GrainStateSerializer serializer, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger)
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
    }

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
        long written;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (expected is null)
            {
                // Fails over a tombstone too: its ETag must be presented, so versions never restart.
                await using var insert = new NpgsqlCommand(InsertSql, connection).AddKey(grainId, stateName);
                insert.Parameters.Add(PostgresParameters.Bytea(payload));
                insert.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                var inserted = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (!RememberRow(grainState, inserted))
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
                }

                written = FirstVersion;
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
                }

                bool updated;
                if (KnownRow(grainState) is { } row)
                {
                    await using var update = new NpgsqlCommand(UpdateByIdSql, connection);
                    update.Parameters.Add(PostgresParameters.Bytea(payload));
                    update.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    update.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    update.Parameters.Add(PostgresParameters.Bigint(row));
                    update.Parameters.Add(PostgresParameters.Bigint(version));
                    updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }
                else
                {
                    await using var update = new NpgsqlCommand(UpdateByKeySql, connection).AddKey(grainId, stateName);
                    update.Parameters.Add(PostgresParameters.Bytea(payload));
                    update.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    update.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    update.Parameters.Add(PostgresParameters.Bigint(version));
                    updated = RememberRow(grainState, await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
                }

                if (!updated)
                {
                    throw await ConflictAsync(connection, "write", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
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
        long? cleared = null;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (expected is null)
            {
                // Nothing stored, nothing to clear; a record or tombstone the writer does not know of is a conflict.
                if (await ReadVersionAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false) is not null)
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
                }

                var updatedAt = _timeProvider.GetUtcNow();
                bool updated;
                if (KnownRow(grainState) is { } row)
                {
                    await using var clear = new NpgsqlCommand(ClearByIdSql, connection);
                    clear.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    clear.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    clear.Parameters.Add(PostgresParameters.Bigint(row));
                    clear.Parameters.Add(PostgresParameters.Bigint(version));
                    updated = await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }
                else
                {
                    await using var clear = new NpgsqlCommand(ClearByKeySql, connection).AddKey(grainId, stateName);
                    clear.Parameters.Add(PostgresParameters.Bigint(version + 1));
                    clear.Parameters.Add(PostgresParameters.TimestampTz(updatedAt));
                    clear.Parameters.Add(PostgresParameters.Bigint(version));
                    updated = RememberRow(grainState, await clear.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
                }

                if (!updated)
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, expected, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Builds the conflict error with the stored ETag as it is now.</summary>
    private async Task<InconsistentStateException> ConflictAsync(
        NpgsqlConnection connection, string operation, string stateName, GrainId grainId, string? expected, CancellationToken cancellationToken)
    {
        var stored = await ReadVersionAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false) is { } version ? FormatETag(version) : null;
        LogConflict(_name, operation, stateName, grainId, stored, expected);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}' in PostgreSQL storage '{_name}': the stored version differs from the writer's",
            stored,
            expected);
    }
}
