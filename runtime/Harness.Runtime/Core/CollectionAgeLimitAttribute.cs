namespace Harness.Runtime;

/// <summary>Sets how long an activation of this grain class may stay idle before it is deactivated.</summary>
/// <param name="age">A <see cref="TimeSpan"/> in invariant "c" format, e.g. "00:05:00".</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute(string age) : Attribute
{
    /// <summary>Gets the idle age after which the activation is collected.</summary>
    public TimeSpan Age { get; } = TimeSpan.Parse(age, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets or sets a value indicating whether activations of this class are never collected while the silo runs.</summary>
    public bool AlwaysActive { get; set; }
}
