namespace Harness.Grains.Inference;

/// <summary>Settings of inference on this silo (configuration section <c>Harness:Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Inference";

    /// <summary>The default <see cref="MaxImageBytes"/>: 8 MiB.</summary>
    public const int DefaultMaxImageBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest image a vision request may carry, fetched or inline. Images are fetched only from the
    /// hosts in <c>Harness:Tools:Http:AllowedHosts</c>, or given inline as a <c>data:</c> URL.
    /// </summary>
    /// <value>The default is 8 MiB.</value>
    public int MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>Gets or sets how long fetching an image may take.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ImageFetchTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
