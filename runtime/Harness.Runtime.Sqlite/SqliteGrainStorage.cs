using System.Globalization;
using Harness.Runtime.Storage;
using static Harness.Runtime.Storage.VersionedRecords;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Sqlite;

/// <summary>
/// Grain storage in a SQLite file (table <c>grain_state</c>). The ETag is the row's integer version: an insert
/// (null ETag) starts it at 1 and never overwrites; an update or clear applies only where the stored version
/// equals the writer's, so a stale writer gets <see cref="InconsistentStateException"/> and changes nothing.
/// A clear keeps the row as a tombstone (null payload) with the next version, so a key's ETags never repeat.
/// </summary>
/// <remarks>
/// Writes are the hot path: they run as one prepared statement on the database's long-lived write connection
/// under its writer lock, with the state serialized before the lock is taken. Reads use a small pool of
/// query-only connections, which WAL lets run beside the writer.
/// </remarks>
internal sealed partial class SqliteGrainStorage : IGrainStorage, IDisposable
{
    // Idle read connections kept for reuse; a burst beyond this opens (and then closes) extra ones.
    private const int MaxIdleReaders = 8;

    private const string KeyFilter = "grain_type = @type AND grain_key = @key AND state_name = @name";
    private const string IdFilter = "id = @id";
    private const string SelectSql = "SELECT payload, etag, id FROM grain_state WHERE " + KeyFilter + ";";
    private const string SelectETagSql = "SELECT etag FROM grain_state WHERE " + KeyFilter + ";";
    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, payload, etag, updated_at) " +
        "VALUES (@type, @key, @name, @payload, 1, @updated_at) ON CONFLICT DO NOTHING RETURNING id;";
    // Matches a record or a tombstone alike: writing over a tombstone revives it. The next version is bound,
    // not computed as etag + 1: an expression over the old row makes SQLite read the whole old record (the
    // payload included), which measured twice the cost of the write itself for a 1 KB state.
    private const string UpdateSet = "UPDATE grain_state SET payload = @payload, etag = @next_etag, updated_at = @updated_at WHERE ";
    private const string ClearSet = "UPDATE grain_state SET payload = NULL, etag = @next_etag, updated_at = @updated_at WHERE ";
    private const string UpdateByKeySql = UpdateSet + KeyFilter + " AND etag = @etag RETURNING id;";
    private const string UpdateByIdSql = UpdateSet + IdFilter + " AND etag = @etag;";
    private const string ClearByKeySql = ClearSet + KeyFilter + " AND etag = @etag RETURNING id;";
    private const string ClearByIdSql = ClearSet + IdFilter + " AND etag = @etag;";

    private readonly string _name;
    private readonly SqliteDatabase _database;
    private readonly GrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Stack<Reader> _idleReaders = new();
    private WriteCommands? _writeCommands;
    private bool _disposed;

    public SqliteGrainStorage(string name, SqliteDatabase database, GrainStateSerializer serializer, TimeProvider timeProvider, ILogger<SqliteGrainStorage> logger)
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
        if (!_database.IsInitialized)
        {
            await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var found = false;
        byte[]? payload = null;
        long version = 0;
        var reader = RentReader();
        try
        {
            using var rows = reader.Select.Bind(grainId, stateName).ExecuteReader();
            if (rows.Read())
            {
                found = true;
                payload = rows.IsDBNull(0) ? null : rows.GetFieldValue<byte[]>(0);
                version = rows.GetInt64(1);
                RememberRow(grainState, rows.GetInt64(2));
            }
        }
        finally
        {
            ReturnReader(reader);
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
        var commands = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        long written;
        try
        {
            var updatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            if (expected is null)
            {
                // Fails over a tombstone too: its ETag must be presented, so versions never restart.
                var insert = commands.Insert;
                insert.Payload!.Value = payload;
                insert.UpdatedAt!.Value = updatedAt;
                var inserted = insert.Bind(grainId, stateName).ExecuteScalar();
                insert.Payload.Value = null;
                if (!RememberRow(grainState, inserted))
                {
                    throw Conflict(commands, "write", stateName, grainId, expected);
                }

                written = FirstVersion;
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw Conflict(commands, "write", stateName, grainId, expected);
                }

                var row = KnownRow(grainState);
                var update = row is { } id ? commands.UpdateById.Bind(id) : commands.UpdateByKey.ForKey(grainId, stateName);
                update.Payload!.Value = payload;
                update.UpdatedAt!.Value = updatedAt;
                update.ETag!.Value = version;
                update.NextETag!.Value = version + 1;
                var updated = Execute(update, row, grainState);
                update.Payload.Value = null;
                if (!updated)
                {
                    throw Conflict(commands, "write", stateName, grainId, expected);
                }

                written = version + 1;
            }
        }
        finally
        {
            _database.WriteLock.Release();
        }

        grainState.ETag = FormatETag(written);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        Validate(stateName, grainId, grainState);
        var expected = grainState.ETag;
        var commands = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        long? cleared = null;
        try
        {
            if (expected is null)
            {
                // Nothing stored, nothing to clear; a record or tombstone the writer does not know of is a conflict.
                if (ReadVersion(commands, grainId, stateName) is not null)
                {
                    throw Conflict(commands, "clear", stateName, grainId, expected);
                }
            }
            else
            {
                if (!TryParseETag(expected, out var version))
                {
                    throw Conflict(commands, "clear", stateName, grainId, expected);
                }

                var row = KnownRow(grainState);
                var clear = row is { } id ? commands.ClearById.Bind(id) : commands.ClearByKey.ForKey(grainId, stateName);
                clear.UpdatedAt!.Value = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
                clear.ETag!.Value = version;
                clear.NextETag!.Value = version + 1;
                if (!Execute(clear, row, grainState))
                {
                    throw Conflict(commands, "clear", stateName, grainId, expected);
                }

                cleared = version + 1;
            }
        }
        finally
        {
            _database.WriteLock.Release();
        }

        grainState.State = new T();
        grainState.ETag = cleared is { } tombstone ? FormatETag(tombstone) : null;
        grainState.RecordExists = false;
    }

    public void Dispose()
    {
        Reader[] idle;
        lock (_idleReaders)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idleReaders];
            _idleReaders.Clear();
        }

        foreach (var reader in idle)
        {
            reader.Dispose();
        }

        // The write commands live on the database's connection: dispose them under its lock.
        _database.WriteLock.Wait();
        try
        {
            _writeCommands?.Dispose();
            _writeCommands = null;
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    /// <summary>
    /// Runs an update addressed by row id (rows affected) or by key (which returns the id, kept for next time);
    /// returns whether a row matched the ETag.
    /// </summary>
    private static bool Execute<T>(StateCommand command, long? row, IGrainState<T> grainState) =>
        row is null ? RememberRow(grainState, command.Command.ExecuteScalar()) : command.Command.ExecuteNonQuery() == 1;

    private static long? ReadVersion(WriteCommands commands, GrainId grainId, string stateName) =>
        commands.SelectETag.Bind(grainId, stateName).ExecuteScalar() is long version ? version : null;

    /// <summary>Takes the writer lock and returns the prepared write commands; the caller releases the lock.</summary>
    private async ValueTask<WriteCommands> EnterWriteAsync(CancellationToken cancellationToken)
    {
        if (!_database.IsInitialized)
        {
            await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writeCommands ??= new WriteCommands(_database.WriteConnection);
        }
        catch
        {
            _database.WriteLock.Release();
            throw;
        }
    }

    /// <summary>Builds the conflict error with the stored ETag; called under the writer lock.</summary>
    private InconsistentStateException Conflict(WriteCommands commands, string operation, string stateName, GrainId grainId, string? expected)
    {
        var stored = ReadVersion(commands, grainId, stateName) is { } version ? FormatETag(version) : null;
        LogConflict(_name, operation, stateName, grainId, stored, expected);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}' in SQLite storage '{_name}': the stored version differs from the writer's",
            stored,
            expected);
    }

    private Reader RentReader()
    {
        lock (_idleReaders)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idleReaders.TryPop(out var reader))
            {
                return reader;
            }
        }

        var connection = _database.OpenConnection(queryOnly: true);
        try
        {
            return new Reader(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ReturnReader(Reader reader)
    {
        lock (_idleReaders)
        {
            if (!_disposed && _idleReaders.Count < MaxIdleReaders)
            {
                _idleReaders.Push(reader);
                return;
            }
        }

        reader.Dispose();
    }

    /// <summary>A prepared statement addressing one grain state; parameter values are set per execution.</summary>
    private sealed class StateCommand : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter? _type;
        private readonly SqliteParameter? _key;
        private readonly SqliteParameter? _name;
        private readonly SqliteParameter? _id;

        public StateCommand(SqliteConnection connection, string sql, bool hasPayload, bool hasETag, bool hasUpdatedAt = false, bool byId = false)
        {
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            if (byId)
            {
                _id = _command.Parameters.Add("@id", SqliteType.Integer);
            }
            else
            {
                _type = _command.Parameters.Add("@type", SqliteType.Text);
                _key = _command.Parameters.Add("@key", SqliteType.Text);
                _name = _command.Parameters.Add("@name", SqliteType.Text);
            }

            if (hasPayload)
            {
                Payload = _command.Parameters.Add("@payload", SqliteType.Blob);
            }

            if (hasPayload || hasUpdatedAt)
            {
                UpdatedAt = _command.Parameters.Add("@updated_at", SqliteType.Integer);
            }

            if (hasETag)
            {
                ETag = _command.Parameters.Add("@etag", SqliteType.Integer);
                NextETag = _command.Parameters.Add("@next_etag", SqliteType.Integer);
            }

            _command.Prepare();
        }

        public SqliteParameter? Payload { get; }

        public SqliteParameter? UpdatedAt { get; }

        public SqliteParameter? ETag { get; }

        public SqliteParameter? NextETag { get; }

        public SqliteCommand Command => _command;

        public SqliteCommand Bind(GrainId grainId, string stateName)
        {
            _type!.Value = grainId.Type;
            _key!.Value = grainId.Key;
            _name!.Value = stateName;
            return _command;
        }

        public StateCommand ForKey(GrainId grainId, string stateName)
        {
            Bind(grainId, stateName);
            return this;
        }

        public StateCommand Bind(long row)
        {
            _id!.Value = row;
            return this;
        }

        public void Dispose() => _command.Dispose();
    }

    private sealed class WriteCommands(SqliteConnection connection) : IDisposable
    {
        public StateCommand Insert { get; } = new(connection, InsertSql, hasPayload: true, hasETag: false);

        public StateCommand UpdateByKey { get; } = new(connection, UpdateByKeySql, hasPayload: true, hasETag: true);

        public StateCommand UpdateById { get; } = new(connection, UpdateByIdSql, hasPayload: true, hasETag: true, byId: true);

        public StateCommand ClearByKey { get; } = new(connection, ClearByKeySql, hasPayload: false, hasETag: true, hasUpdatedAt: true);

        public StateCommand ClearById { get; } = new(connection, ClearByIdSql, hasPayload: false, hasETag: true, hasUpdatedAt: true, byId: true);

        public StateCommand SelectETag { get; } = new(connection, SelectETagSql, hasPayload: false, hasETag: false);

        public void Dispose()
        {
            Insert.Dispose();
            UpdateByKey.Dispose();
            UpdateById.Dispose();
            ClearByKey.Dispose();
            ClearById.Dispose();
            SelectETag.Dispose();
        }
    }

    private sealed class Reader(SqliteConnection connection) : IDisposable
    {
        public StateCommand Select { get; } = new(connection, SelectSql, hasPayload: false, hasETag: false);

        public void Dispose()
        {
            Select.Dispose();
            connection.Dispose();
        }
    }
}
