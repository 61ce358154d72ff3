namespace Harness.Runtime.Configuration;

/// <summary>Activation lifetime: idle collection and the time allowed for activation and deactivation.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Harness:GrainCollection";

    /// <summary>Default <see cref="CollectionAge"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>Default <see cref="CollectionQuantum"/>: 1 minute.</summary>
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>Default <see cref="ActivationTimeout"/> and <see cref="DeactivationTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultLifecycleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an activation may stay idle before it is deactivated.</summary>
    /// <value>The default is 15 minutes; a grain class may override it with <see cref="CollectionAgeLimitAttribute"/>.</value>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>Gets or sets how often idle activations are looked for.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>Gets or sets the time allowed for reading state and <c>OnActivateAsync</c> (its cancellation token fires then).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ActivationTimeout { get; set; } = DefaultLifecycleTimeout;

    /// <summary>Gets or sets the time allowed for <c>OnDeactivateAsync</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultLifecycleTimeout;
}
