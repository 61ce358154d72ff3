namespace Harness.Silo.Samples;

/// <summary>The sample agents and the sample shop of the embedded cluster (section <c>Harness:Samples</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Samples";

    /// <summary>Gets or sets whether the agent definitions in <see cref="AgentsDirectory"/> are registered and put online at start.</summary>
    /// <value>The default is false; the shipped appsettings.json turns it on.</value>
    public bool LoadAgents { get; set; }

    /// <summary>Gets or sets the folder of agent definitions (<c>*.json</c>), relative to the application's directory.</summary>
    /// <value>The default is <c>examples/agents</c>, copied next to the silo at build.</value>
    public string AgentsDirectory { get; set; } = "examples/agents";

    /// <summary>Gets or sets whether the sample shop (<c>/samples/shop/orders</c>) and the fridge photo (<c>/samples/fridge.png</c>) answer, for the examples.</summary>
    /// <value>The default is false; the shipped appsettings.json turns it on.</value>
    public bool Shop { get; set; }
}
