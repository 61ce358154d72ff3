namespace Harness.Runtime.Sqlite;

/// <summary>
/// Thrown at silo start when the SQLite database cannot be used: the file is not a database or is corrupt,
/// another process holds it locked, its directory cannot be written, or its schema is newer than this runtime.
/// The message names the file and the cause.
/// </summary>
public sealed class SqliteStorageStartupException : Exception
{
    /// <summary>Creates the exception for a database file.</summary>
    /// <param name="message">The message, naming the file and the cause.</param>
    /// <param name="dataSource">The full path of the database file.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SqliteStorageStartupException(string message, string dataSource, Exception? innerException)
        : base(message, innerException)
    {
        DataSource = dataSource;
    }

    /// <summary>Creates the exception.</summary>
    public SqliteStorageStartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SqliteStorageStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SqliteStorageStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the full path of the database file; null when not known.</summary>
    public string? DataSource { get; }
}
