using System.Globalization;

namespace Harness.Grains.Tools;

/// <summary>One entry of <see cref="HttpToolOptions.AllowedHosts"/>: a host and an optional port.</summary>
/// <param name="Host">The host name or address, lower case.</param>
/// <param name="Port">The port, or null for the scheme's default port.</param>
internal sealed record AllowedHost(string Host, int? Port)
{
    public static bool TryParse(string? text, out AllowedHost host)
    {
        host = new AllowedHost(string.Empty, null);
        if (string.IsNullOrWhiteSpace(text) || text.Contains("://", StringComparison.Ordinal) || text.Trim() != text)
        {
            return false;
        }

        if (!Uri.TryCreate("http://" + text, UriKind.Absolute, out var uri)
            || uri.PathAndQuery != "/"
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Fragment)
            || text.EndsWith('/')
            || Uri.CheckHostName(uri.IdnHost) == UriHostNameType.Unknown)
        {
            return false;
        }

        var hasPort = text.LastIndexOf(':') > text.LastIndexOf(']');
        if (hasPort && !int.TryParse(text[(text.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        host = new AllowedHost(uri.IdnHost.ToLowerInvariant(), hasPort ? uri.Port : null);
        return true;
    }

    public bool Allows(Uri uri) =>
        string.Equals(uri.IdnHost, Host, StringComparison.OrdinalIgnoreCase)
        && (Port is null ? uri.IsDefaultPort : uri.Port == Port);
}
