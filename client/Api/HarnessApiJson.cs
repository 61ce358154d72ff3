using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Client.Api;

/// <summary>The JSON conventions of the harness API: camelCase names, enums as camelCase strings.</summary>
public static class HarnessApiJson
{
    /// <summary>Gets the serializer options matching the server's.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
