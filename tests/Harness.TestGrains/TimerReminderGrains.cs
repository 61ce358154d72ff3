using Harness.Runtime;
using Harness.Runtime.Reminders;
using Harness.Runtime.Timers;

namespace Harness.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimer(TimeSpan period);

    Task Block(string gate);

    [AlwaysInterleave]
    Task<string[]> GetLog();

    [AlwaysInterleave]
    Task RequestDeactivation();
}

public sealed class TimerGrain(TestProbe probe) : Grain, ITimerGrain
{
    private readonly List<string> _log = [];
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private int _ticks;

    public Task RequestDeactivation()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"timer-deactivated:{_instance}");
        probe.Signal("timer-deactivated:" + GrainId.Key);
        return Task.CompletedTask;
    }

    public Task StartTimer(TimeSpan period)
    {
        RegisterGrainTimer(_ => Tick(), period, period);
        return Task.CompletedTask;
    }

    public async Task Block(string gate)
    {
        _log.Add("block-start");
        probe.Signal("blocked:" + gate);
        await probe.Gate(gate);
        _log.Add("block-end");
    }

    public Task<string[]> GetLog() => Task.FromResult(_log.ToArray());

    private Task Tick()
    {
        _ticks++;
        _log.Add("tick:" + _ticks);
        probe.Record($"timer-tick:{_instance}");
        probe.Signal($"{GrainId.Key}:tick:{_ticks}");
        return Task.CompletedTask;
    }
}

public interface IReminderGrain : IGrainWithStringKey, IRemindable
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);
}

public sealed class ReminderGrain(TestProbe probe) : Grain, IReminderGrain
{
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Signal("reminder-deactivated:" + GrainId.Key);
        return Task.CompletedTask;
    }

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new InvalidOperationException($"No reminder {name}.");
        await UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var n = probe.Increment($"reminder:{GrainId.Key}:{reminderName}");
        probe.Record($"reminder:{GrainId.Key}:{reminderName}:{n}");
        probe.Signal($"reminder:{GrainId.Key}:{reminderName}:{n}", status);
        return Task.CompletedTask;
    }
}
