using System.Data;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Npgsql;

namespace Harness.Runtime.Postgres.Membership;

/// <summary>
/// The grain directory in PostgreSQL (table <c>harness_grain_directory</c>, one row per grain). Registration is
/// first-writer-wins by the primary key: an insert that meets an existing row changes nothing, unless the
/// caller names that row as the one to replace (an activation on a dead silo), in which case the same
/// statement replaces it, provided it still names that silo.
/// </summary>
/// <remarks>
/// With <see cref="PostgresStorageOptions.FenceWritesByDirectory"/>, grain storage on the same database writes a
/// grain's state only while this table names the writing silo, so entries removed here fence a dead silo's late writes.
/// </remarks>
internal sealed class PostgresGrainDirectory : IGrainDirectory
{
    private const string Table = "harness_grain_directory";
    private const string KeyFilter = "grain_type = $1 AND grain_key = $2";
    private const string InsertValues =
        "INSERT INTO " + Table + " (grain_type, grain_key, silo_host, silo_port, silo_generation, registered_at) VALUES ($1, $2, $3, $4, $5, now()) ";
    private const string RegisterSql = InsertValues + "ON CONFLICT DO NOTHING";

    // Inserts, or replaces the existing row only if it still names the silo being replaced ($6, $7, $8): one
    // statement, so two silos replacing the same dead entry cannot both win.
    private const string RegisterReplacingSql =
        InsertValues +
        "ON CONFLICT (grain_type, grain_key) DO UPDATE SET silo_host = EXCLUDED.silo_host, silo_port = EXCLUDED.silo_port, " +
        "silo_generation = EXCLUDED.silo_generation, registered_at = EXCLUDED.registered_at " +
        "WHERE " + Table + ".silo_host = $6 AND " + Table + ".silo_port = $7 AND " + Table + ".silo_generation = $8";
    private const string LookupSql = "SELECT silo_host, silo_port, silo_generation FROM " + Table + " WHERE " + KeyFilter;
    private const string UnregisterSql = "DELETE FROM " + Table + " WHERE " + KeyFilter + " AND silo_host = $3 AND silo_port = $4 AND silo_generation = $5";
    private const string UnregisterSiloSql = "DELETE FROM " + Table + " WHERE silo_host = $1 AND silo_port = $2 AND silo_generation = $3";

    private readonly PostgresDatabase _database;

    public PostgresGrainDirectory(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Gets the database the directory lives in.</summary>
    public PostgresDatabase Database => _database;

    public async Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? replacing, CancellationToken cancellationToken)
    {
        Validate(address);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using (var register = new NpgsqlCommand(replacing is null ? RegisterSql : RegisterReplacingSql, connection))
            {
                register.AddGrain(address.GrainId).AddSilo(address.Silo);
                if (replacing is { } old)
                {
                    register.AddSilo(old.Silo);
                }

                if (await register.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return address;
                }
            }

            // Lost to an existing entry: it is the answer, unless it was removed since (then try again).
            if (await LookupAsync(connection, address.GrainId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
        }
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        ValidateGrainId(grainId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LookupAsync(connection, grainId, cancellationToken).ConfigureAwait(false);
    }

    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        Validate(address);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UnregisterSql, connection).AddGrain(address.GrainId).AddSilo(address.Silo);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> UnregisterSiloAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ValidateSilo(silo, nameof(silo));
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(UnregisterSiloSql, connection).AddSilo(silo);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<GrainAddress?> LookupAsync(NpgsqlConnection connection, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LookupSql, connection).AddGrain(grainId);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainAddress(grainId, new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)))
            : null;
    }

    private static void Validate(GrainAddress address)
    {
        ValidateGrainId(address.GrainId);
        ValidateSilo(address.Silo, nameof(address));
    }

    private static void ValidateSilo(SiloAddress silo, string parameterName)
    {
        if (silo.Host is null)
        {
            throw new ArgumentException("The silo address must not be the default address.", parameterName);
        }
    }

    private static void ValidateGrainId(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id must not be the default id.", nameof(grainId));
        }
    }
}
