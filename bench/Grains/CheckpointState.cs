namespace Harness.Bench;

public sealed class CheckpointState
{
    public int Version { get; set; }

    public string Payload { get; set; } = string.Empty;
}
