using Harness.Runtime.Placement;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Runtime.Postgres;

/// <summary>Typed positional parameters: no boxing, no type inference per execution.</summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    public static NpgsqlParameter<long> Bigint(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    public static NpgsqlParameter<int> Integer(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    public static NpgsqlParameter<short> Smallint(short value) => new() { NpgsqlDbType = NpgsqlDbType.Smallint, TypedValue = value };

    public static NpgsqlParameter<TimeSpan> Interval(TimeSpan value) => new() { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = value };

    /// <summary>A <c>jsonb</c> from its JSON text.</summary>
    public static NpgsqlParameter<string> Jsonb(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = json };

    public static NpgsqlParameter<byte[]> Bytea(byte[] value) => new() { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = value };

    /// <summary>A <c>timestamptz</c>; Npgsql takes only UTC offsets, so the value is converted first.</summary>
    public static NpgsqlParameter<DateTimeOffset> TimestampTz(DateTimeOffset value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToUniversalTime() };

    /// <summary>Adds a grain id as two parameters: type and key (text).</summary>
    public static NpgsqlCommand AddGrain(this NpgsqlCommand command, GrainId grainId)
    {
        command.Parameters.Add(Text(grainId.Type));
        command.Parameters.Add(Text(grainId.Key));
        return command;
    }

    /// <summary>Adds a silo address as three parameters: host (text), port (integer), generation (bigint).</summary>
    public static NpgsqlCommand AddSilo(this NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.Add(Text(silo.Host));
        command.Parameters.Add(Integer(silo.Port));
        command.Parameters.Add(Bigint(silo.Generation));
        return command;
    }

    /// <summary>Adds the grain key (<c>$1</c> type, <c>$2</c> key) and a third text (<c>$3</c>: state or reminder name).</summary>
    public static NpgsqlCommand AddKey(this NpgsqlCommand command, GrainId grainId, string name)
    {
        command.Parameters.Add(Text(grainId.Type));
        command.Parameters.Add(Text(grainId.Key));
        command.Parameters.Add(Text(name));
        return command;
    }
}
