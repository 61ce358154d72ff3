using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Postgres;

/// <summary>
/// The <see cref="PostgresDatabase"/> of each connection string: providers and reminder tables configured with
/// the same connection string (and start-up settings) share one database, hence one connection pool and one start-up.
/// </summary>
internal sealed class PostgresDatabaseRegistry : IDisposable
{
    private readonly Dictionary<string, PostgresDatabase> _databases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private bool _disposed;

    public PostgresDatabaseRegistry(TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Returns the database of <paramref name="options"/>' connection string and start-up settings, creating it on first use.</summary>
    /// <param name="options">The options.</param>
    public PostgresDatabase GetOrCreate(PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Registrations that differ only in start-up settings get a database (and pool) each; migrations are safe
        // to run side by side.
        var key = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{options.StartupRetryDelay.Ticks}|{options.StartupTimeout.Ticks}|{options.ConnectionString}");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_databases.TryGetValue(key, out var database))
            {
                database = new PostgresDatabase(options, _timeProvider, _loggerFactory);
                _databases.Add(key, database);
            }

            return database;
        }
    }

    public void Dispose()
    {
        List<PostgresDatabase> databases;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            databases = [.. _databases.Values];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            database.Dispose();
        }
    }
}
