namespace Harness.Client.Api;

/// <summary>Helpers for the API's base address.</summary>
public static class HarnessApiAddress
{
    /// <summary>
    /// Returns <paramref name="baseAddress"/> with a trailing slash, so that relative routes (<c>api/chains</c>) resolve
    /// under its path rather than replacing its last segment.
    /// </summary>
    /// <param name="baseAddress">An absolute http(s) URL.</param>
    /// <returns>The address, ending in <c>/</c>.</returns>
    public static Uri Normalize(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseAddress}' is not an absolute http(s) URL.", nameof(baseAddress));
        }

        return baseAddress.AbsolutePath.EndsWith('/') ? baseAddress : new Uri(baseAddress.GetLeftPart(UriPartial.Path) + "/" + baseAddress.Query);
    }
}
