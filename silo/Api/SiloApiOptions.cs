namespace Harness.Silo.Api;

/// <summary>Settings of the silo's HTTP API (section <c>Harness:Api</c>).</summary>
internal sealed class SiloApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Api";

    /// <summary>The default <see cref="EventPollWait"/>: 20 seconds.</summary>
    public static readonly TimeSpan DefaultEventPollWait = TimeSpan.FromSeconds(20);

    /// <summary>The default <see cref="DeviceStatusTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultDeviceStatusTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long one long poll of a chain's events waits before the stream sends a keep-alive comment.</summary>
    /// <value>The default value is 20 seconds (below the usual 30-60 s idle timeouts of proxies).</value>
    public TimeSpan EventPollWait { get; set; } = DefaultEventPollWait;

    /// <summary>Gets or sets how long <c>GET /api/devices</c> waits for one device before reporting its silo's error.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan DeviceStatusTimeout { get; set; } = DefaultDeviceStatusTimeout;
}
