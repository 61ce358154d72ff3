using System.Globalization;

namespace Harness.Runtime.Storage;

/// <summary>
/// The ETag rules relational providers share: an ETag is the record's integer version (1 for a new record),
/// a tombstone keeps the version after a clear, and a row id may be kept on the state object for later
/// writes. Providers differ only in how they run their statements.
/// </summary>
internal static class VersionedRecords
{
    /// <summary>The version a newly inserted record gets.</summary>
    public const long FirstVersion = 1;

    /// <summary>Checks the arguments every storage operation takes.</summary>
    public static void Validate<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id must not be the default id.", nameof(grainId));
        }
    }

    public static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseETag(string eTag, out long version) =>
        long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    /// <summary>The row id kept on the state object by an earlier read or write, if the state can hold one.</summary>
    public static long? KnownRow<T>(IGrainState<T> grainState) =>
        grainState is IStorageHandleHolder { StorageHandle: long row } ? row : null;

    /// <summary>Keeps the row id a statement returned; returns false when it returned none (no row matched).</summary>
    public static bool RememberRow<T>(IGrainState<T> grainState, object? row)
    {
        if (row is not long id)
        {
            return false;
        }

        if (grainState is IStorageHandleHolder holder && holder.StorageHandle is not long)
        {
            holder.StorageHandle = id;
        }

        return true;
    }

    /// <summary>
    /// Applies a read: no row gives a new state and a null ETag; a tombstone (no payload) a new state and its
    /// ETag, which the next write must present; a record its state and ETag.
    /// </summary>
    public static void ApplyRead<T>(IGrainState<T> grainState, bool found, byte[]? payload, long version, GrainStateSerializer serializer, string stateName, GrainId grainId)
        where T : new()
    {
        if (payload is null)
        {
            grainState.State = new T();
            grainState.ETag = found ? FormatETag(version) : null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(payload, stateName, grainId);
        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }
}
