namespace Harness.Bench;

public sealed class FailoverState
{
    public int Value { get; set; }
}
