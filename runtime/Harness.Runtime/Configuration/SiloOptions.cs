namespace Harness.Runtime.Configuration;

/// <summary>Identity and shutdown of a silo.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Silo";

    /// <summary>Default <see cref="ShutdownTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the silo's name, shown in logs and health reports.</summary>
    /// <value>The default is "silo".</value>
    public string SiloName { get; set; } = "silo";

    /// <summary>Gets or sets the host name other silos and clients use to reach this silo.</summary>
    /// <value>The default is "localhost".</value>
    public string AdvertisedHost { get; set; } = "localhost";

    /// <summary>Gets or sets the TCP port for silo-to-silo and client (gateway) connections; 0 opens none.</summary>
    /// <value>The default is 0: a single silo serves only in-process callers and its HTTP API.</value>
    public int SiloPort { get; set; }

    /// <summary>Gets or sets the address the silo port listens on.</summary>
    /// <value>The default is "127.0.0.1"; use "0.0.0.0" to accept connections from other machines.</value>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the time allowed to deactivate every grain on shutdown before the silo stops anyway.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;
}
