namespace Harness.Runtime;

/// <summary>
/// The identity of a grain: its grain type plus a key. Two references with equal ids address the same
/// virtual actor, wherever and whenever it is activated.
/// </summary>
/// <remarks>
/// Guid keys are stored in their 32-digit lowercase form ("N") and integer keys in invariant decimal form,
/// so a key is always one string and an id compares, hashes and persists the same way whatever its kind.
/// The hash is computed once: ids are dictionary keys on every call.
/// </remarks>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly int _hash;

    /// <summary>Creates an id from a grain type and a key.</summary>
    /// <param name="type">The grain type (see <see cref="GrainTypeAttribute"/>).</param>
    /// <param name="key">The key within that type.</param>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>Gets the grain type.</summary>
    public string Type { get; }

    /// <summary>Gets the key within the grain type.</summary>
    public string Key { get; }

    /// <summary>Gets a value indicating whether this is the default (empty) id.</summary>
    public bool IsDefault => Type is null;

    /// <summary>Creates an id with a Guid key.</summary>
    public static GrainId Create(string type, Guid key) => new(type, key.ToString("N"));

    /// <summary>Creates an id with an integer key.</summary>
    public static GrainId Create(string type, long key) => new(type, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Parses the form produced by <see cref="ToString"/> ("type/key").</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id: expected 'type/key'.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>Reads the key as a Guid.</summary>
    public Guid GetGuidKey() => Guid.TryParseExact(Key, "N", out var g)
        ? g
        : throw new InvalidOperationException($"Grain '{this}' does not have a Guid key.");

    /// <summary>Reads the key as an integer.</summary>
    public long GetIntegerKey() => long.TryParse(Key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)
        ? l
        : throw new InvalidOperationException($"Grain '{this}' does not have an integer key.");

    /// <summary>
    /// A hash that is the same in every process (FNV-1a over the id's characters), for decisions silos must
    /// agree on; <see cref="GetHashCode"/> is randomized per process.
    /// </summary>
    public uint GetStableHash()
    {
        var hash = 2166136261u;
        foreach (var c in Type)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '/') * 16777619u;
        foreach (var c in Key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <inheritdoc/>
    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Formats the id as "type/key".</summary>
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Compares two ids for equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Compares two ids for inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
