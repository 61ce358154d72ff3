using Harness.Runtime;

namespace Harness.TestGrains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Logs "start:{tag}", waits for gate {tag}, logs "end:{tag}".</summary>
    Task Enter(string tag);

    [AlwaysInterleave]
    Task<string[]> GetLog();

    [AlwaysInterleave]
    Task RequestDeactivation();
}

public interface IReentrantTurnGrain : ITurnGrain
{
}

public class TurnGrain(TestProbe probe) : Grain, ITurnGrain
{
    private readonly List<string> _log = [];

    public async Task Enter(string tag)
    {
        _log.Add("start:" + tag);
        probe.Signal($"{GrainId}:started:{tag}");
        await probe.Gate(tag);
        _log.Add("end:" + tag);
        probe.Signal($"{GrainId}:ended:{tag}");
    }

    public Task<string[]> GetLog() => Task.FromResult(_log.ToArray());

    public Task RequestDeactivation()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[Reentrant]
public sealed class ReentrantTurnGrain(TestProbe probe) : TurnGrain(probe), IReentrantTurnGrain
{
}
