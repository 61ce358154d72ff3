namespace Harness.GrainInterfaces.Agents;

/// <summary>The lifecycle of one agent version.</summary>
public enum AgentVersionState
{
    /// <summary>Registered but not yet taking chains.</summary>
    Registered,

    /// <summary>Taking new chains.</summary>
    Online,

    /// <summary>Taken offline while chains still run on it: no new chains; becomes <see cref="Offline"/> when the last one ends.</summary>
    Draining,

    /// <summary>Not taking chains and none running.</summary>
    Offline,
}
