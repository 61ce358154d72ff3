namespace Harness.Runtime.Configuration;

/// <summary>Grain call settings.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Messaging";

    /// <summary>Default <see cref="ResponseTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="ResponseTimeoutResolution"/>: 100 milliseconds.</summary>
    public static readonly TimeSpan DefaultResponseTimeoutResolution = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long a caller waits for a grain's response before it gets a <see cref="TimeoutException"/>.</summary>
    /// <value>The default is 30 seconds; a method may override it with <see cref="ResponseTimeoutAttribute"/>.</value>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how often pending calls are checked for expiry: a timeout fires up to this much late.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan ResponseTimeoutResolution { get; set; } = DefaultResponseTimeoutResolution;

    /// <summary>
    /// Gets or sets how many calls arriving over one connection may be in progress in this silo at once. Past it
    /// the silo stops reading that connection until half have finished, so TCP flow control slows the sender
    /// down instead of queues growing without bound.
    /// </summary>
    /// <value>The default is 8192.</value>
    public int MaxInboundRequestsPerConnection { get; set; } = 8192;
}
