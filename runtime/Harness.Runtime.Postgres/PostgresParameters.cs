using Npgsql;
using NpgsqlTypes;

namespace Harness.Runtime.Postgres;

/// <summary>Typed positional parameters: no boxing, no type inference per execution.</summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    public static NpgsqlParameter<long> Bigint(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    public static NpgsqlParameter<byte[]> Bytea(byte[] value) => new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };

    /// <summary>A <c>timestamptz</c>; Npgsql takes only UTC offsets, so the value is converted first.</summary>
    public static NpgsqlParameter<DateTimeOffset> TimestampTz(DateTimeOffset value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToUniversalTime() };

    /// <summary>Adds the grain key (<c>$1</c> type, <c>$2</c> key) and a third text (<c>$3</c>: state or reminder name).</summary>
    public static NpgsqlCommand AddKey(this NpgsqlCommand command, GrainId grainId, string name)
    {
        command.Parameters.Add(Text(grainId.Type));
        command.Parameters.Add(Text(grainId.Key));
        command.Parameters.Add(Text(name));
        return command;
    }
}
