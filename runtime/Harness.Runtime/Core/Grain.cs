using Harness.Runtime.Activation;
using Harness.Runtime.Reminders;
using Harness.Runtime.Streams;
using Harness.Runtime.Timers;

namespace Harness.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime constructs a grain when a call first reaches its id,
/// runs its turns one at a time, and deactivates it when idle; never construct one with <c>new</c>.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData _activation;

    /// <summary>Initializes the grain; only valid while the runtime activates it.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} is a grain class: the runtime constructs it on activation. Obtain a reference with IGrainFactory.GetGrain instead.");
    }

    /// <inheritdoc/>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>Gets a readable identity for logs.</summary>
    public string IdentityString => _activation.GrainId.ToString();

    /// <summary>Gets the factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>Gets the silo's services.</summary>
    protected IServiceProvider ServiceProvider => _activation.Runtime.Services;

    internal ActivationData Activation => _activation;

    /// <summary>Called once, as the activation's first turn, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called as the activation's last turn: persist anything that is not yet saved.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this grain once the current request has finished.</summary>
    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    /// <summary>Keeps this activation from being collected for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation. Ticks never overlap: the next
    /// due time is counted from the end of the previous callback. Timers end with the activation.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        _activation.RegisterTimer(callback, state, options);

    /// <summary>Registers a timer with a due time and period; see the other overload.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        _activation.RegisterTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers or updates a durable reminder; ticks arrive through <see cref="IRemindable.ReceiveReminder"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default) =>
        _activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period, cancellationToken);

    /// <summary>Removes a reminder.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder, CancellationToken cancellationToken = default) =>
        _activation.Runtime.Reminders.UnregisterAsync(GrainId, reminder, cancellationToken);

    /// <summary>Gets a registered reminder by name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName, CancellationToken cancellationToken = default) =>
        _activation.Runtime.Reminders.GetAsync(GrainId, reminderName, cancellationToken);

    /// <summary>Gets a stream provider registered on the silo.</summary>
    protected IStreamProvider GetStreamProvider(string name) => _activation.Runtime.GetStreamProvider(name);
}
