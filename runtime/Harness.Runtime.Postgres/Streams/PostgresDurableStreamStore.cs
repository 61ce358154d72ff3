using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Runtime.Postgres.Streams;

/// <summary>
/// Durable stream events, checkpoints and partition leases in PostgreSQL (schema version 3). Each operation is one
/// statement on a pooled connection. An append upserts the stream's counter row and inserts the event in one
/// statement: the row lock serializes the appends of a stream until commit, so sequence numbers are gapless and an
/// event never becomes visible before the ones it follows. Lease expiry uses the server's clock (<c>now()</c>).
/// </summary>
internal sealed class PostgresDurableStreamStore : IDurableStreamStore
{
    private const string AppendSql = """
        WITH stream AS (
            INSERT INTO harness_streams (provider, namespace, key, hash, last_seq) VALUES ($1, $2, $3, $4, 1)
            ON CONFLICT (provider, namespace, key) DO UPDATE SET last_seq = harness_streams.last_seq + 1
            RETURNING last_seq),
        consumers AS (
            INSERT INTO harness_stream_checkpoints (provider, namespace, key, consumer_type, consumer_key, seq)
            SELECT $1, $2, $3, c.consumer_type, c.consumer_key, 0
            FROM stream, unnest($6::text[], $7::text[]) AS c(consumer_type, consumer_key)
            WHERE stream.last_seq = 1
            ON CONFLICT DO NOTHING)
        INSERT INTO harness_stream_events (provider, namespace, key, seq, payload)
        SELECT $1, $2, $3, last_seq, $5 FROM stream
        RETURNING seq
        """;

    private const string ReadSql =
        "SELECT seq, payload FROM harness_stream_events WHERE provider = $1 AND namespace = $2 AND key = $3 AND seq > $4 ORDER BY seq LIMIT $5";

    private const string GetCheckpointSql =
        "SELECT seq FROM harness_stream_checkpoints WHERE provider = $1 AND namespace = $2 AND key = $3 AND consumer_type = $4 AND consumer_key = $5";

    private const string AdvanceCheckpointSql = """
        INSERT INTO harness_stream_checkpoints (provider, namespace, key, consumer_type, consumer_key, seq) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (provider, namespace, key, consumer_type, consumer_key) DO UPDATE SET seq = EXCLUDED.seq
        WHERE harness_stream_checkpoints.seq < EXCLUDED.seq
        """;

    private const string FindLaggingSql = """
        SELECT c.namespace, c.key, c.consumer_type, c.consumer_key
        FROM harness_stream_checkpoints c
        JOIN harness_streams s ON s.provider = c.provider AND s.namespace = c.namespace AND s.key = c.key
        WHERE c.provider = $1 AND s.last_seq > c.seq AND s.hash % $2 = ANY($3)
        LIMIT $4
        """;

    private const string TryAcquireLeaseSql = """
        INSERT INTO harness_stream_leases (provider, partition, owner, expires_at) VALUES ($1, $2, $3, now() + $4)
        ON CONFLICT (provider, partition) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE harness_stream_leases.owner = EXCLUDED.owner OR harness_stream_leases.expires_at <= now()
        RETURNING 1
        """;

    private const string RenewLeaseSql =
        "UPDATE harness_stream_leases SET expires_at = now() + $4 WHERE provider = $1 AND partition = $2 AND owner = $3";

    private const string ReleaseLeaseSql =
        "DELETE FROM harness_stream_leases WHERE provider = $1 AND partition = $2 AND owner = $3";

    private readonly PostgresDatabase _database;

    public PostgresDurableStreamStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<long> AppendAsync(string provider, StreamId streamId, ReadOnlyMemory<byte> payload, IReadOnlyList<GrainId> consumers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(consumers);
        var types = new string[consumers.Count];
        var keys = new string[consumers.Count];
        for (var i = 0; i < consumers.Count; i++)
        {
            types[i] = consumers[i].Type;
            keys[i] = consumers[i].Key;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(AppendSql, connection).AddStream(provider, streamId);
        command.Parameters.Add(PostgresParameters.Bigint(DurableStreamPartitions.Hash(streamId)));
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = payload });
        command.Parameters.Add(TextArray(types));
        command.Parameters.Add(TextArray(keys));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<DurableStreamEvent>> ReadAsync(string provider, StreamId streamId, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ReadSql, connection).AddStream(provider, streamId);
        command.Parameters.Add(PostgresParameters.Bigint(afterSequence));
        command.Parameters.Add(PostgresParameters.Bigint(maxCount));
        var events = new List<DurableStreamEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new DurableStreamEvent(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }

        return events;
    }

    public async Task<long?> GetCheckpointAsync(string provider, StreamId streamId, GrainId consumer, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(GetCheckpointSql, connection).AddStream(provider, streamId).AddGrainId(consumer);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sequence ? sequence : null;
    }

    public async Task AdvanceCheckpointAsync(string provider, StreamId streamId, GrainId consumer, long sequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(AdvanceCheckpointSql, connection).AddStream(provider, streamId).AddGrainId(consumer);
        command.Parameters.Add(PostgresParameters.Bigint(sequence));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DurableStreamConsumer>> FindLaggingAsync(
        string provider, int partitionCount, IReadOnlyList<int> partitions, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        ArgumentNullException.ThrowIfNull(partitions);
        var partitionValues = new long[partitions.Count];
        for (var i = 0; i < partitions.Count; i++)
        {
            partitionValues[i] = partitions[i];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(FindLaggingSql, connection);
        command.Parameters.Add(PostgresParameters.Text(provider));
        command.Parameters.Add(PostgresParameters.Bigint(partitionCount));
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = partitionValues });
        command.Parameters.Add(PostgresParameters.Bigint(maxCount));
        var lagging = new List<DurableStreamConsumer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lagging.Add(new DurableStreamConsumer(
                new StreamId(reader.GetString(0), reader.GetString(1)),
                new GrainId(reader.GetString(2), reader.GetString(3))));
        }

        return lagging;
    }

    public async Task<bool> TryAcquireLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(TryAcquireLeaseSql, connection).AddLease(provider, partition, owner);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = duration });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<bool> RenewLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(RenewLeaseSql, connection).AddLease(provider, partition, owner);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = duration });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task ReleaseLeaseAsync(string provider, int partition, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ReleaseLeaseSql, connection).AddLease(provider, partition, owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter<string[]> TextArray(string[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = values };
}
