namespace Harness.Runtime.Streams.Durable;

/// <summary>Settings of a durable stream provider (named options, one instance per provider name).</summary>
public sealed class DurableStreamOptions
{
    /// <summary>The configuration section every durable stream provider binds first.</summary>
    public const string SectionName = "Harness:Streams:Durable";

    /// <summary>Default <see cref="PollPeriod"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultPollPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="LeaseDuration"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="RetryDelay"/>: 100 milliseconds.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Default <see cref="MaxRetryDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often each silo's sweeper renews its partition leases and wakes the consumers in its
    /// partitions that lag behind their stream (a lost wake, or a consumer whose silo died mid-delivery).
    /// </summary>
    /// <value>The default is 5 seconds: the longest a lost wake delays delivery.</value>
    public TimeSpan PollPeriod { get; set; } = DefaultPollPeriod;

    /// <summary>Gets or sets how long a partition lease lasts unless renewed: how soon another silo sweeps a dead silo's partitions.</summary>
    /// <value>The default is 30 seconds; it must be at least twice <see cref="PollPeriod"/>.</value>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>Gets or sets the number of partitions streams are hashed into for sweeping. Every silo of the cluster must use the same value.</summary>
    /// <value>The default is 8.</value>
    public int Partitions { get; set; } = 8;

    /// <summary>Gets or sets how many events a consumer reads from the store at a time.</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the most lagging consumers one sweep wakes.</summary>
    /// <value>The default is 1000.</value>
    public int MaxWakesPerSweep { get; set; } = 1000;

    /// <summary>Gets or sets the wait before retrying a failed delivery or store operation; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>Gets or sets the longest wait between retries. Retries never stop: an event is not skipped.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;
}
