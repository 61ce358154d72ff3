namespace Harness.Grains.Chains.Execution;

/// <summary>Settings of task chains (section <c>Harness:Chains</c>).</summary>
public sealed class ChainOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Chains";

    /// <summary>
    /// Gets or sets how often a running chain's reminder checks that the chain is still being run, so a chain whose
    /// silo died resumes elsewhere; at least the reminders' minimum period.
    /// </summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the most tokens an <c>llm</c> or <c>vlm</c> node generates.</summary>
    /// <value>The default is 256.</value>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets the device lease time slice of inference nodes (renewed while they run).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan LeaseTimeSlice { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the stream provider the chains' events are published on; empty to publish none.</summary>
    /// <value>The default is <c>Default</c>.</value>
    public string EventStreamProvider { get; set; } = "Default";

    /// <summary>
    /// Gets or sets how many chains the chain list keeps; past it, the chains that ended longest ago are dropped from the
    /// list (the chains themselves stay readable by id).
    /// </summary>
    /// <value>The default is 10 000.</value>
    public int ListCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets the most events one <see cref="GrainInterfaces.Chains.IChainGrain.GetEvents"/> page holds.</summary>
    /// <value>The default is 500.</value>
    public int MaxEventsPerPage { get; set; } = 500;
}
