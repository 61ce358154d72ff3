using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Timers;

/// <summary>One timer tick, delivered to the activation as a request so it respects turns.</summary>
internal sealed class TimerTickRequest : Request<VoidResult>
{
    private readonly GrainTimer _timer;

    public TimerTickRequest(GrainTimer timer)
    {
        _timer = timer;
        OnRented();
        IsOneWay = true;
    }

    public override string InterfaceName => "timer";

    public override string MethodName => "Tick";

    public override Type InterfaceType => typeof(IGrainTimer);

    public override int ArgumentCount => 0;

    public override bool IsAlwaysInterleave => _timer.Options.Interleave;

    internal override bool KeepsActivationAlive => _timer.Options.KeepAlive;

    internal override bool IsBoundToActivation => true;

    public override object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    protected internal override ValueTask InvokeCore(object grain) => new(RunAsync());

    protected override void ResetArguments()
    {
    }

    protected override void ReturnToPool()
    {
    }

    private async Task RunAsync()
    {
        try
        {
            await _timer.InvokeCallbackAsync();
        }
        finally
        {
            _timer.OnTickCompleted();
        }
    }
}
