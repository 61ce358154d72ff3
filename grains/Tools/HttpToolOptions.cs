namespace Harness.Grains.Tools;

/// <summary>Settings of the built-in <c>http</c> tool (configuration section <c>Harness:Tools:Http</c>).</summary>
public sealed class HttpToolOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Tools:Http";

    /// <summary>
    /// Gets or sets the hosts the tool may call: <c>host</c> (the scheme's default port only) or <c>host:port</c>.
    /// Any other host is refused; empty refuses every call.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Gets or sets the timeout of a call that names none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the largest response body read; a longer one fails the call without being read to its end, so
    /// a misbehaving server cannot fill the silo's memory.
    /// </summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
