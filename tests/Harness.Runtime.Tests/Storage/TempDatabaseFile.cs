using Harness.Runtime.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Runtime.Tests.Storage;

/// <summary>A database file in its own temporary directory, deleted (with its WAL files) on dispose.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public TempDatabaseFile(string fileName = "test.db")
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "harness-storage-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(DirectoryPath, fileName);
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public SqliteDatabase CreateDatabase(TimeSpan? busyTimeout = null, SqliteSynchronousMode synchronous = SqliteSynchronousMode.Normal) =>
        Own(new SqliteDatabase(
            FilePath,
            synchronous,
            busyTimeout ?? TimeSpan.FromMilliseconds(SqliteStorageOptions.DefaultBusyTimeoutMilliseconds),
            NullLogger<SqliteDatabase>.Instance));

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>A plain connection to the file, outside the code under test.</summary>
    public SqliteConnection OpenRawConnection()
    {
        Directory.CreateDirectory(DirectoryPath);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
