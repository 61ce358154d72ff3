using Harness.Runtime.Sqlite;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Initialize_NewFile_CreatesDirectorySchemaAndEnablesWal()
    {
        Assert.False(Directory.Exists(_file.DirectoryPath));
        var database = _file.CreateDatabase();

        await database.InitializeAsync(CancellationToken.None);

        Assert.True(database.IsInitialized);
        Assert.True(File.Exists(_file.FilePath));
        using var connection = _file.OpenRawConnection();
        Assert.Equal("wal", TempDatabaseFile.Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'grain_state';"));
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'reminders';"));
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Off, 0L)]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    public async Task Initialize_AppliesSynchronousMode(SqliteSynchronousMode mode, long expected)
    {
        var database = _file.CreateDatabase(synchronous: mode);

        await database.InitializeAsync(CancellationToken.None);

        Assert.Equal(expected, TempDatabaseFile.Scalar(database.WriteConnection, "PRAGMA synchronous;"));
        using var reader = database.OpenConnection(queryOnly: true);
        Assert.Equal(expected, TempDatabaseFile.Scalar(reader, "PRAGMA synchronous;"));
    }

    [Fact]
    public async Task Initialize_ExistingDatabase_IsIdempotent()
    {
        await _file.CreateDatabase().InitializeAsync(CancellationToken.None);
        var again = _file.CreateDatabase();

        await again.InitializeAsync(CancellationToken.None);
        await again.InitializeAsync(CancellationToken.None);

        using var connection = _file.OpenRawConnection();
        Assert.Equal(1L, TempDatabaseFile.Scalar(connection, "SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task Initialize_GarbageFile_ThrowsStartupExceptionNamingPath()
    {
        Directory.CreateDirectory(_file.DirectoryPath);
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(_file.FilePath, garbage);
        var database = _file.CreateDatabase();

        var ex = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Equal(_file.FilePath, ex.DataSource);
        Assert.Contains(_file.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
        Assert.False(database.IsInitialized);
    }

    [Fact]
    public async Task Initialize_FileLockedByAnotherConnection_ThrowsStartupExceptionSayingLocked()
    {
        using var locker = _file.OpenRawConnection();
        TempDatabaseFile.Scalar(locker, "CREATE TABLE other (x INTEGER);");
        TempDatabaseFile.Scalar(locker, "PRAGMA locking_mode = EXCLUSIVE;");
        TempDatabaseFile.Scalar(locker, "BEGIN EXCLUSIVE;");
        var database = _file.CreateDatabase(busyTimeout: TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Contains(_file.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
        TempDatabaseFile.Scalar(locker, "ROLLBACK;");
    }

    [Fact]
    public async Task Initialize_NewerSchemaVersion_ThrowsStartupException()
    {
        using (var connection = _file.OpenRawConnection())
        {
            TempDatabaseFile.Scalar(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);");
        }

        var ex = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => _file.CreateDatabase().InitializeAsync(CancellationToken.None));

        Assert.Contains(_file.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_DirectoryPathIsAFile_ThrowsStartupExceptionNamingPath()
    {
        Directory.CreateDirectory(_file.DirectoryPath);
        var blocker = Path.Combine(_file.DirectoryPath, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        var path = Path.Combine(blocker, "harness.db");
        using var database = new SqliteDatabase(path, SqliteSynchronousMode.Normal, TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteDatabase>.Instance);

        var ex = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Equal(path, ex.DataSource);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_AfterFailure_ReturnsTheSameFailure()
    {
        Directory.CreateDirectory(_file.DirectoryPath);
        await File.WriteAllTextAsync(_file.FilePath, string.Concat(Enumerable.Repeat("this is not a database. ", 100)));
        var database = _file.CreateDatabase();

        var first = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));
        var second = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.Same(first, second);
    }
}
