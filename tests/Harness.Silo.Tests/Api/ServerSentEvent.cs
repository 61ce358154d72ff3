using System.Text.Json;

namespace Harness.Silo.Tests.Api;

/// <summary>One server-sent event as read off the wire.</summary>
public sealed record ServerSentEvent(string Id, string Event, JsonElement Data)
{
    /// <summary>Reads events from an event stream until <paramref name="stop"/> says so or the stream ends.</summary>
    public static async Task<List<ServerSentEvent>> ReadAsync(Stream stream, Func<ServerSentEvent, bool>? stop, CancellationToken cancellationToken)
    {
        var events = new List<ServerSentEvent>();
        using var reader = new StreamReader(stream);
        string? id = null, name = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    using var json = JsonDocument.Parse(data);
                    var item = new ServerSentEvent(id!, name!, json.RootElement.Clone());
                    events.Add(item);
                    if (stop?.Invoke(item) == true)
                    {
                        return events;
                    }
                }

                (id, name, data) = (null, null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }
}
