namespace Harness.GrainInterfaces.Chains;

/// <summary>The quality-of-service class of a chain, highest priority first.</summary>
public enum QosClass
{
    /// <summary>User-facing work (<c>realtime</c>); may preempt lower classes.</summary>
    Realtime,

    /// <summary>Ordinary work (<c>standard</c>), the default.</summary>
    Standard,

    /// <summary>Batch work (<c>background</c>), confined to a bounded share of a contended device.</summary>
    Background,
}
