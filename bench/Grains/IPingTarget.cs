namespace Harness.Bench;

public interface IPingTarget
{
    ValueTask<int> Ping(int value);
}
