namespace Harness.Runtime.Configuration;

/// <summary>Membership and failure detection of a multi-silo cluster (used when a membership table is configured).</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:Cluster";

    /// <summary>Gets or sets how often the silo writes its heartbeat (and advertised capabilities) to the membership table.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many heartbeat periods may pass without a heartbeat before other silos declare a silo dead.</summary>
    /// <value>The default is 3: a crashed silo is declared dead about 6 seconds after its last heartbeat.</value>
    public int MissedHeartbeatsLimit { get; set; } = 3;

    /// <summary>Gets or sets how often the silo reads the membership table (to learn of joins, departures and deaths).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long rows of dead silos stay in the table (for operators) before they are deleted.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan DeadSiloRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long a silo waits to connect to another silo before the call fails.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many times a request may be forwarded between silos (stale routes) before it fails.</summary>
    /// <value>The default is 3.</value>
    public int MaxForwardCount { get; set; } = 3;

    /// <summary>Gets the time without a heartbeat after which a silo is declared dead.</summary>
    public TimeSpan DetectionTimeout => HeartbeatPeriod * MissedHeartbeatsLimit;
}
