namespace Harness.Runtime.Postgres;

/// <summary>
/// Thrown at silo start when the PostgreSQL database cannot be used: the server stayed unreachable for the
/// whole <see cref="PostgresStorageOptions.StartupTimeout"/>, it refused the login or the database, or the
/// database's schema is newer than this runtime. The message names the server and the cause.
/// </summary>
public sealed class PostgresStorageStartupException : Exception
{
    /// <summary>Creates the exception for a server.</summary>
    /// <param name="message">The message, naming the server and the cause.</param>
    /// <param name="server">The server as <c>host:port/database</c>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PostgresStorageStartupException(string message, string server, Exception? innerException)
        : base(message, innerException)
    {
        Server = server;
    }

    /// <summary>Creates the exception.</summary>
    public PostgresStorageStartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PostgresStorageStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public PostgresStorageStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the server as <c>host:port/database</c>; null when not known.</summary>
    public string? Server { get; }
}
