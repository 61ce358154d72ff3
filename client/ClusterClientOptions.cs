namespace Harness.Client;

/// <summary>How a <see cref="HarnessClusterClient"/> reaches the cluster.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Client";

    /// <summary>Default <see cref="ResponseTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="ConnectTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the gateway silos, as "host:port" (their <c>Harness:Silo:SiloPort</c>); the client fails over between them.</summary>
    public IList<string> Gateways { get; set; } = [];

    /// <summary>Gets or sets the client's name, shown in silo logs.</summary>
    /// <value>The default is "client".</value>
    public string ClientName { get; set; } = "client";

    /// <summary>Gets or sets how long a call waits for its response.</summary>
    /// <value>The default is 30 seconds; a method may override it with <c>[ResponseTimeout]</c>.</value>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how long connecting to one gateway may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;
}
