using System.Globalization;
using Harness.Runtime.Reminders;
using Npgsql;

namespace Harness.Runtime.Postgres;

/// <summary>
/// Reminders in PostgreSQL (table <c>harness_reminders</c>): start time as <c>timestamptz</c>, period in
/// milliseconds, an integer ETag that every upsert increments, and the due time of the last tick a silo claimed
/// (<c>last_fired</c>, reset by an upsert). Each operation is one statement on a pooled connection.
/// </summary>
internal sealed class PostgresReminderTable : IReminderTable
{
    private const string Table = "harness_reminders";
    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, etag";
    private const string SelectAllSql = "SELECT " + Columns + " FROM " + Table;
    private const string SelectGrainSql = "SELECT " + Columns + " FROM " + Table + " WHERE grain_type = $1 AND grain_key = $2";
    private const string SelectOneSql = "SELECT " + Columns + " FROM " + Table + " WHERE grain_type = $1 AND grain_key = $2 AND name = $3";
    private const string UpsertSql =
        "INSERT INTO " + Table + " (" + Columns + ") VALUES ($1, $2, $3, $4, $5, 1) " +
        "ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET start_at = EXCLUDED.start_at, period_ms = EXCLUDED.period_ms, etag = " + Table + ".etag + 1, last_fired = NULL " +
        "RETURNING etag";
    private const string ClaimSql =
        "UPDATE " + Table + " SET last_fired = $5 WHERE grain_type = $1 AND grain_key = $2 AND name = $3 AND etag = $4 AND (last_fired IS NULL OR last_fired < $5)";
    private const string DeleteSql = "DELETE FROM " + Table + " WHERE grain_type = $1 AND grain_key = $2 AND name = $3 AND etag = $4";

    private readonly PostgresDatabase _database;

    public PostgresReminderTable(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectAllSql, connection);
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectGrainSql, connection);
        command.Parameters.Add(PostgresParameters.Text(grainId.Type));
        command.Parameters.Add(PostgresParameters.Text(grainId.Key));
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SelectOneSql, connection).AddKey(grainId, name);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateGrainId(entry.GrainId);
        ArgumentException.ThrowIfNullOrEmpty(entry.Name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UpsertSql, connection).AddKey(entry.GrainId, entry.Name);
        command.Parameters.Add(PostgresParameters.TimestampTz(entry.StartAt));
        command.Parameters.Add(PostgresParameters.Bigint((long)entry.Period.TotalMilliseconds));
        var eTag = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return eTag.ToString(CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, string eTag, CancellationToken cancellationToken) =>
        ExecuteOnVersionAsync(DeleteSql, grainId, name, eTag, due: null, cancellationToken);

    public Task<bool> TryClaimTickAsync(GrainId grainId, string name, string eTag, DateTimeOffset due, CancellationToken cancellationToken) =>
        ExecuteOnVersionAsync(ClaimSql, grainId, name, eTag, due, cancellationToken);

    /// <summary>Runs a statement on one version of a reminder ($1-$3 the key, $4 the ETag, $5 the due time if given); true if it touched a row.</summary>
    private async Task<bool> ExecuteOnVersionAsync(string sql, GrainId grainId, string name, string eTag, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(eTag);
        if (!TryParseETag(eTag, out var version))
        {
            return false;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection).AddKey(grainId, name);
        command.Parameters.Add(PostgresParameters.Bigint(version));
        if (due is { } dueTime)
        {
            command.Parameters.Add(PostgresParameters.TimestampTz(dueTime));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>False for a string this table never issued as an ETag: it matches no row.</summary>
    private static bool TryParseETag(string eTag, out long version) =>
        long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private static void ValidateGrainId(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id must not be the default id.", nameof(grainId));
        }
    }

    private static async Task<List<ReminderEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }
}
