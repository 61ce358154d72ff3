using System.Globalization;
using Harness.Runtime.Reminders;
using Microsoft.Data.Sqlite;

namespace Harness.Runtime.Sqlite;

/// <summary>
/// Reminders in a SQLite file (table <c>reminders</c>): start time in Unix milliseconds, period in milliseconds,
/// and an integer ETag that every upsert increments. Reminder operations are rare (registration, start-up), so
/// they all run on the database's write connection under its writer lock.
/// </summary>
internal sealed class SqliteReminderTable : IReminderTable, IDisposable
{
    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, etag";
    private const string SelectAllSql = "SELECT " + Columns + " FROM reminders;";
    private const string SelectGrainSql = "SELECT " + Columns + " FROM reminders WHERE grain_type = @type AND grain_key = @key;";
    private const string SelectOneSql = "SELECT " + Columns + " FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name;";
    private const string UpsertSql =
        "INSERT INTO reminders (" + Columns + ") VALUES (@type, @key, @name, @start_at, @period_ms, 1) " +
        "ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = reminders.etag + 1 " +
        "RETURNING etag;";
    private const string DeleteSql = "DELETE FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name AND etag = @etag;";

    private readonly SqliteDatabase _database;
    private Commands? _commands;
    private bool _disposed;

    public SqliteReminderTable(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var commands = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ReadEntries(commands.SelectAll);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        var commands = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var select = commands.SelectGrain;
            select.Parameters["@type"].Value = grainId.Type;
            select.Parameters["@key"].Value = grainId.Key;
            return ReadEntries(select);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var commands = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var select = commands.SelectOne;
            SetKey(select, grainId, name);
            var entries = ReadEntries(select);
            return entries.Count == 0 ? null : entries[0];
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateGrainId(entry.GrainId);
        ArgumentException.ThrowIfNullOrEmpty(entry.Name);
        var commands = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var upsert = commands.Upsert;
            SetKey(upsert, entry.GrainId, entry.Name);
            upsert.Parameters["@start_at"].Value = entry.StartAt.ToUnixTimeMilliseconds();
            upsert.Parameters["@period_ms"].Value = (long)entry.Period.TotalMilliseconds;
            var eTag = (long)upsert.ExecuteScalar()!;
            return eTag.ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string name, string eTag, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(eTag);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            // Not an ETag this table issued: it matches no row.
            return false;
        }

        var commands = await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delete = commands.Delete;
            SetKey(delete, grainId, name);
            delete.Parameters["@etag"].Value = version;
            return delete.ExecuteNonQuery() > 0;
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    /// <summary>
    /// Always true: a SQLite reminder table belongs to one silo (the file is opened by one process), so no other
    /// silo can fire the same tick.
    /// </summary>
    public Task<bool> TryClaimTickAsync(GrainId grainId, string name, string eTag, DateTimeOffset due, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public void Dispose()
    {
        _database.WriteLock.Wait();
        try
        {
            _disposed = true;
            _commands?.Dispose();
            _commands = null;
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    private static void ValidateGrainId(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id must not be the default id.", nameof(grainId));
        }
    }

    private static void SetKey(SqliteCommand command, GrainId grainId, string name)
    {
        command.Parameters["@type"].Value = grainId.Type;
        command.Parameters["@key"].Value = grainId.Key;
        command.Parameters["@name"].Value = name;
    }

    private static List<ReminderEntry> ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    /// <summary>Takes the writer lock and returns the prepared commands; the caller releases the lock.</summary>
    private async ValueTask<Commands> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_database.IsInitialized)
        {
            await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _commands ??= new Commands(_database.WriteConnection);
        }
        catch
        {
            _database.WriteLock.Release();
            throw;
        }
    }

    private sealed class Commands : IDisposable
    {
        public Commands(SqliteConnection connection)
        {
            SelectAll = Prepare(connection, SelectAllSql);
            SelectGrain = Prepare(connection, SelectGrainSql, ("@type", SqliteType.Text), ("@key", SqliteType.Text));
            SelectOne = Prepare(connection, SelectOneSql, ("@type", SqliteType.Text), ("@key", SqliteType.Text), ("@name", SqliteType.Text));
            Upsert = Prepare(
                connection,
                UpsertSql,
                ("@type", SqliteType.Text),
                ("@key", SqliteType.Text),
                ("@name", SqliteType.Text),
                ("@start_at", SqliteType.Integer),
                ("@period_ms", SqliteType.Integer));
            Delete = Prepare(connection, DeleteSql, ("@type", SqliteType.Text), ("@key", SqliteType.Text), ("@name", SqliteType.Text), ("@etag", SqliteType.Integer));
        }

        public SqliteCommand SelectAll { get; }

        public SqliteCommand SelectGrain { get; }

        public SqliteCommand SelectOne { get; }

        public SqliteCommand Upsert { get; }

        public SqliteCommand Delete { get; }

        public void Dispose()
        {
            SelectAll.Dispose();
            SelectGrain.Dispose();
            SelectOne.Dispose();
            Upsert.Dispose();
            Delete.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, SqliteType Type)> parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Prepare();
            return command;
        }
    }
}
