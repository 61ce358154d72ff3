using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Sqlite;

/// <summary>
/// The <see cref="SqliteDatabase"/> of each file, by full path: providers and reminder tables configured with
/// the same file share one database, hence one write connection and one writer lock.
/// </summary>
internal sealed class SqliteDatabaseRegistry : IDisposable
{
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly Dictionary<string, Registration> _databases = new(PathComparer);
    private readonly Lock _gate = new();
    private readonly ILoggerFactory _loggerFactory;
    private bool _disposed;

    public SqliteDatabaseRegistry(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
    }

    /// <summary>Returns the database of <paramref name="options"/>' file, creating it on first use.</summary>
    /// <param name="optionsName">The options name, for the error when two configurations of one file disagree.</param>
    /// <param name="options">The options.</param>
    public SqliteDatabase GetOrCreate(string optionsName, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.DataSource);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_databases.TryGetValue(path, out var existing))
            {
                var database = existing.Database;
                if (database.Synchronous != options.Synchronous || database.BusyTimeout != options.BusyTimeout)
                {
                    throw new InvalidOperationException(
                        $"SQLite options '{optionsName}' and '{existing.OptionsName}' both use the file '{path}' but with different settings " +
                        $"(Synchronous {options.Synchronous} vs {database.Synchronous}, BusyTimeout {options.BusyTimeout} vs {database.BusyTimeout}). " +
                        "Configurations of one file must agree: it has one connection for writes.");
                }

                return database;
            }

            var created = new SqliteDatabase(path, options.Synchronous, options.BusyTimeout, _loggerFactory.CreateLogger<SqliteDatabase>());
            _databases.Add(path, new Registration(optionsName, created));
            return created;
        }
    }

    public void Dispose()
    {
        List<SqliteDatabase> databases;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            databases = [.. _databases.Values.Select(static r => r.Database)];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            database.Dispose();
        }
    }

    private sealed record Registration(string OptionsName, SqliteDatabase Database);
}
