using Harness.Runtime.Streams;
using Npgsql;
using NpgsqlTypes;

namespace Harness.Runtime.Postgres.Streams;

/// <summary>The parameters the durable stream statements share, in their positional order.</summary>
internal static class PostgresStreamParameters
{
    /// <summary>Adds <c>$1</c> provider, <c>$2</c> namespace, <c>$3</c> key.</summary>
    public static NpgsqlCommand AddStream(this NpgsqlCommand command, string provider, StreamId streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(streamId.Namespace, nameof(streamId));
        ArgumentNullException.ThrowIfNull(streamId.Key, nameof(streamId));
        command.Parameters.Add(PostgresParameters.Text(provider));
        command.Parameters.Add(PostgresParameters.Text(streamId.Namespace));
        command.Parameters.Add(PostgresParameters.Text(streamId.Key));
        return command;
    }

    /// <summary>Adds the consumer grain: type, then key.</summary>
    public static NpgsqlCommand AddGrainId(this NpgsqlCommand command, GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The consumer grain id must not be the default id.", nameof(grainId));
        }

        command.Parameters.Add(PostgresParameters.Text(grainId.Type));
        command.Parameters.Add(PostgresParameters.Text(grainId.Key));
        return command;
    }

    /// <summary>Adds <c>$1</c> provider, <c>$2</c> partition, <c>$3</c> owner.</summary>
    public static NpgsqlCommand AddLease(this NpgsqlCommand command, string provider, int partition, string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        command.Parameters.Add(PostgresParameters.Text(provider));
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = partition });
        command.Parameters.Add(PostgresParameters.Text(owner));
        return command;
    }
}
