namespace Harness.GrainInterfaces.Devices;

/// <summary>Names of the preemption signal streams.</summary>
public static class PreemptionStreams
{
    /// <summary>The stream provider the signals travel on.</summary>
    public const string Provider = "Default";

    /// <summary>The stream namespace; the stream key is the lease holder's grain key.</summary>
    public const string Namespace = "harness.preemption";
}
