namespace Harness.Runtime.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting: how often it waits for data to reach the disk.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Never syncs: fastest; an OS crash or power loss can corrupt the database.</summary>
    Off = 0,

    /// <summary>
    /// Syncs at WAL checkpoints only: an OS crash or power loss may lose the last commits but never corrupts
    /// the database; a process crash loses nothing.
    /// </summary>
    Normal = 1,

    /// <summary>Syncs on every commit: a commit survives power loss; slower writes.</summary>
    Full = 2,
}
