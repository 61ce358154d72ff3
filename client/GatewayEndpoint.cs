using System.Globalization;

namespace Harness.Client;

/// <summary>A gateway as configured: host and port.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">The silo port.</param>
internal readonly record struct GatewayEndpoint(string Host, int Port)
{
    public static bool TryParse(string? value, out GatewayEndpoint endpoint)
    {
        endpoint = default;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        endpoint = new GatewayEndpoint(value![..colon], port);
        return true;
    }

    public override string ToString() => $"{Host}:{Port}";
}
