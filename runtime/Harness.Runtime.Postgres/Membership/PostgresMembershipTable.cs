using System.Text.Json;
using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Npgsql;

namespace Harness.Runtime.Postgres.Membership;

/// <summary>
/// The membership table in PostgreSQL (table <c>harness_silos</c>). Every change is one conditional statement,
/// and every heartbeat time is the server's <c>now()</c>: heartbeat ages are computed by the server
/// (<c>now() - last_heartbeat</c>), so silos whose clocks disagree still agree on which silo is stale.
/// </summary>
internal sealed class PostgresMembershipTable : IMembershipTable
{
    // PostgreSQL error code of a unique violation (https://www.postgresql.org/docs/current/errcodes-appendix.html).
    private const string UniqueViolation = "23505";

    private const string Table = "harness_silos";
    private const string SiloFilter = "host = $1 AND port = $2 AND generation = $3";
    private const string JoinSql =
        "INSERT INTO " + Table + " (host, port, generation, silo_name, status, started_at, last_heartbeat, capabilities) " +
        "VALUES ($1, $2, $3, $4, $5, now(), now(), $6)";

    // A dead silo stays dead: neither its status nor its heartbeat changes again ($5 is the Dead value).
    private const string UpdateStatusSql = "UPDATE " + Table + " SET status = $4 WHERE " + SiloFilter + " AND status <> $5";
    private const string HeartbeatSql = "UPDATE " + Table + " SET last_heartbeat = now(), capabilities = $4 WHERE " + SiloFilter + " AND status <> $5";

    // The age check and the update are one statement: a silo whose heartbeat lands first is not declared.
    private const string DeclareDeadSql = "UPDATE " + Table + " SET status = $4 WHERE " + SiloFilter + " AND status <> $4 AND now() - last_heartbeat > $5";
    private const string ReadAllSql =
        "SELECT host, port, generation, silo_name, status, started_at, GREATEST(now() - last_heartbeat, interval '0'), capabilities FROM " + Table;
    private const string CleanupDeadSql = "DELETE FROM " + Table + " WHERE status = $1 AND now() - last_heartbeat > $2";

    private const short Dead = (short)SiloStatus.Dead;

    private readonly PostgresDatabase _database;

    public PostgresMembershipTable(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Gets the database the table lives in.</summary>
    public PostgresDatabase Database => _database;

    public async Task JoinAsync(SiloAddress silo, string siloName, SiloCapabilities capabilities, CancellationToken cancellationToken)
    {
        ValidateSilo(silo);
        ArgumentNullException.ThrowIfNull(siloName);
        ArgumentNullException.ThrowIfNull(capabilities);
        var json = Serialize(capabilities);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(JoinSql, connection).AddSilo(silo);
        command.Parameters.Add(PostgresParameters.Text(siloName));
        command.Parameters.Add(PostgresParameters.Smallint((short)SiloStatus.Joining));
        command.Parameters.Add(PostgresParameters.Jsonb(json));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            throw new InvalidOperationException($"Silo {silo} is already in the membership table.", ex);
        }
    }

    public async Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        ValidateSilo(silo);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UpdateStatusSql, connection).AddSilo(silo);
        command.Parameters.Add(PostgresParameters.Smallint((short)status));
        command.Parameters.Add(PostgresParameters.Smallint(Dead));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> HeartbeatAsync(SiloAddress silo, SiloCapabilities capabilities, CancellationToken cancellationToken)
    {
        ValidateSilo(silo);
        ArgumentNullException.ThrowIfNull(capabilities);
        var json = Serialize(capabilities);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(HeartbeatSql, connection).AddSilo(silo);
        command.Parameters.Add(PostgresParameters.Jsonb(json));
        command.Parameters.Add(PostgresParameters.Smallint(Dead));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan heartbeatOlderThan, CancellationToken cancellationToken)
    {
        ValidateSilo(silo);
        ArgumentOutOfRangeException.ThrowIfLessThan(heartbeatOlderThan, TimeSpan.Zero);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(DeclareDeadSql, connection).AddSilo(silo);
        command.Parameters.Add(PostgresParameters.Smallint(Dead));
        command.Parameters.Add(PostgresParameters.Interval(heartbeatOlderThan));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<MembershipEntry>();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ReadAllSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new MembershipEntry(
                new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)),
                reader.GetString(3),
                (SiloStatus)reader.GetInt16(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<TimeSpan>(6),
                Deserialize(reader.GetString(7))));
        }

        return entries;
    }

    public async Task<int> CleanupDeadAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CleanupDeadSql, connection);
        command.Parameters.Add(PostgresParameters.Smallint(Dead));
        command.Parameters.Add(PostgresParameters.Interval(olderThan));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Serialize(SiloCapabilities capabilities) =>
        JsonSerializer.Serialize(capabilities, SiloCapabilitiesJsonContext.Default.SiloCapabilities);

    private static SiloCapabilities Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SiloCapabilitiesJsonContext.Default.SiloCapabilities) ?? SiloCapabilities.Empty;

    private static void ValidateSilo(SiloAddress silo)
    {
        if (silo.Host is null)
        {
            throw new ArgumentException("The silo address must not be the default address.", nameof(silo));
        }
    }
}
