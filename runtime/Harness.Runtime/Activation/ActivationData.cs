using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Filters;
using Harness.Runtime.Storage;
using Harness.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Activation;

/// <summary>
/// One activation of a grain: the grain instance, its turn queue and its request bookkeeping.
/// </summary>
/// <remarks>
/// <para>Turns: everything that runs grain code (a request start, a continuation of an <c>await</c> in grain
/// code, a timer tick, activation and deactivation) is a work item in <see cref="_work"/>, executed by one
/// thread at a time under <see cref="ActivationSynchronizationContext"/>. <see cref="_executing"/> is that
/// ownership; whoever sets it drains the queue (a thread-pool work item) or runs one request inline.</para>
/// <para>Requests: a non-reentrant grain starts a request only when none is running; the others wait in
/// <see cref="_waiting"/> in arrival order. <see cref="ReentrantAttribute"/> classes and
/// <see cref="AlwaysInterleaveAttribute"/> methods start at once and interleave at awaits.</para>
/// <para>Inline fast path: a call that reaches an idle activation (nothing executing, nothing queued) runs its
/// synchronous part on the caller's thread. Order and exclusion are unchanged (it takes the same ownership),
/// and a call that completes synchronously then costs no thread hop at all. Nesting is bounded by
/// <see cref="MaxInlineDepth"/> so call chains cannot grow the stack without limit.</para>
/// <para>One lock guards the bookkeeping. It is held for a few field updates, never while grain code runs.</para>
/// </remarks>
internal sealed partial class ActivationData : IThreadPoolWorkItem, IGrainActivationContext
{
    // Bounded so one busy activation yields its thread to others regularly.
    private const int TurnsPerSlice = 64;

    // Bounded so an inline call chain A -> B -> C ... cannot overflow the stack.
    private const int MaxInlineDepth = 4;

    private static readonly SendOrPostCallback ActivateCallback = static s => _ = ((ActivationData)s!).RunActivationAsync();
    private static readonly SendOrPostCallback DeactivateCallback = static s => _ = ((ActivationData)s!).RunDeactivationAsync();

    // The context a queued turn runs in (thread-pool work items carry none): an inline turn switches to it so
    // the caller's AsyncLocal values (and Activity) never leak into the grain, whichever path a call takes.
    private static readonly ExecutionContext EmptyContext = CaptureEmptyContext();

    [ThreadStatic]
    private static ActivationData? _constructing;

    [ThreadStatic]
    private static int _inlineDepth;

    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _work = new();
    private readonly Queue<Request> _waiting = new();
    private readonly ActivationSynchronizationContext _context;
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private bool _executing;
    private bool _deactivateOnIdle;
    private DeactivationReason _deactivationReason = DeactivationReason.ApplicationRequested;
    private long _lastActive;
    private long _keepAliveUntil;
    private Grain? _grain;
    private List<IStateLoader>? _states;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _deactivated;

    public ActivationData(GrainId grainId, GrainClassInfo classInfo, SiloRuntime runtime)
    {
        GrainId = grainId;
        ClassInfo = classInfo;
        Runtime = runtime;
        _context = new ActivationSynchronizationContext(this);
        _lastActive = runtime.TimeProvider.GetTimestamp();
    }

    /// <summary>Gets the activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? Constructing => _constructing;

    public GrainId GrainId { get; }

    public GrainClassInfo ClassInfo { get; }

    public SiloRuntime Runtime { get; }

    /// <summary>Gets per-activation data of runtime features (stream observers); touched only inside turns.</summary>
    public Dictionary<object, object> TurnLocalData => field ??= [];

    // A racy read is enough: TryEnqueue re-checks under the lock.
    public bool IsInvalid => _state == ActivationState.Invalid;

    /// <summary>Queues the activation turn; called once, by whoever added this activation to the catalog.</summary>
    public void StartActivation() => Post(ActivateCallback, this);

    /// <summary>
    /// Accepts a request: starts it (inline when the activation is idle), queues it, or returns false if this
    /// activation is gone and the caller must route the request again.
    /// </summary>
    public bool TryEnqueue(Request request)
    {
        var runInline = false;
        var schedule = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            if (!CanStartLocked(request))
            {
                _waiting.Enqueue(request);
                return true;
            }

            _running++;
            if (!_executing && _work.Count == 0 && _inlineDepth < MaxInlineDepth)
            {
                _executing = true;
                runInline = true;
            }
            else
            {
                _work.Enqueue(new WorkItem(request));
                schedule = TryTakeOwnershipLocked();
            }
        }

        if (runInline)
        {
            RunInline(request);
        }
        else if (schedule)
        {
            Schedule();
        }

        return true;
    }

    /// <summary>Queues a continuation of grain code (from <see cref="ActivationSynchronizationContext"/>).</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _work.Enqueue(new WorkItem(callback, state));
            schedule = TryTakeOwnershipLocked();
        }

        if (schedule)
        {
            Schedule();
        }
    }

    /// <inheritdoc/>
    public void Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            for (var turns = 0; turns < TurnsPerSlice; turns++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (!_work.TryDequeue(out item))
                    {
                        _executing = false;
                        return;
                    }
                }

                RunTurn(item);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        // Slice used up: keep ownership and continue on a fresh thread-pool turn.
        Schedule();
    }

    /// <summary>Completes a request whose grain method finished (any thread) and starts what may start next.</summary>
    public void OnRequestCompleted(Request request, Exception? exception)
    {
        var schedule = false;
        lock (_lock)
        {
            _running--;
            if (request.KeepsActivationAlive)
            {
                _lastActive = Runtime.TimeProvider.GetTimestamp();
            }

            if (_state == ActivationState.Valid)
            {
                if (_deactivateOnIdle && _running == 0)
                {
                    BeginDeactivationLocked();
                }
                else
                {
                    StartWaitingLocked();
                }

                schedule = TryTakeOwnershipLocked();
            }
        }

        if (schedule)
        {
            Schedule();
        }

        Diagnostics.GrainCallActivities.Stop(request.HandlingActivity, exception);
        request.HandlingActivity = null;
        if (exception is not null && request.IsOneWay)
        {
            Runtime.Log.OneWayCallFailed(request.InterfaceName, request.MethodName, GrainId, exception);
        }

        try
        {
            request.TryComplete(exception);
        }
        catch (Exception sinkFailure)
        {
            // Completing must not take the turn loop (and the process) down with it.
            Runtime.Log.TurnFailed(GrainId, sinkFailure);
        }

        request.Release();
    }

    /// <summary>Requests deactivation once idle; the task completes when the activation has left the catalog.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        var schedule = false;
        Task result;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return Task.CompletedTask;
            }

            _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            result = _deactivated.Task;
            if (_state == ActivationState.Deactivating)
            {
                return result;
            }

            _deactivationReason = reason;
            _deactivateOnIdle = true;
            if (_state == ActivationState.Valid && _running == 0)
            {
                BeginDeactivationLocked();
                schedule = TryTakeOwnershipLocked();
            }
        }

        if (schedule)
        {
            Schedule();
        }

        return result;
    }

    /// <summary>Starts idle collection if the activation has been idle past its age at <paramref name="now"/>.</summary>
    public bool TryCollect(long now)
    {
        var schedule = false;
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _running != 0 || _waiting.Count != 0 || _executing || ClassInfo.AlwaysActive
                || now < _keepAliveUntil || Runtime.TimeProvider.GetElapsedTime(_lastActive, now) < ClassInfo.CollectionAge)
            {
                return false;
            }

            _deactivationReason = DeactivationReason.IdleExpired;
            _deactivateOnIdle = true;
            BeginDeactivationLocked();
            schedule = TryTakeOwnershipLocked();
        }

        if (schedule)
        {
            Schedule();
        }

        return true;
    }

    /// <summary>
    /// Gives up on an activation that did not deactivate before the silo's shutdown timeout: its timers stop
    /// and the requests still waiting fail with <see cref="SiloUnavailableException"/>.
    /// </summary>
    public void Abandon()
    {
        Request[] waiting;
        GrainTimer[] timers;
        lock (_lock)
        {
            waiting = [.. _waiting];
            _waiting.Clear();
            timers = _timers is null ? [] : [.. _timers];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Stop();
        }

        var reason = new SiloUnavailableException($"Silo {Runtime.LocalSilo} stopped before grain {GrainId} finished deactivating.");
        foreach (var request in waiting)
        {
            request.TryComplete(reason, resumeCallerAsynchronously: true);
            request.Release();
        }
    }

    public void DeactivateOnIdle()
    {
        var schedule = false;
        lock (_lock)
        {
            _deactivationReason = DeactivationReason.ApplicationRequested;
            _deactivateOnIdle = true;

            // Usually called by a running request, whose completion starts the deactivation; called from a
            // background continuation with nothing running, it starts now.
            if (_state == ActivationState.Valid && _running == 0)
            {
                BeginDeactivationLocked();
                schedule = TryTakeOwnershipLocked();
            }
        }

        if (schedule)
        {
            Schedule();
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = Messaging.Deadlines.After(Runtime.TimeProvider, timeSpan);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer<TState>(this, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating: it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <inheritdoc/>
    public T GetRequiredService<T>()
        where T : notnull => Runtime.Services.GetRequiredService<T>();

    /// <inheritdoc/>
    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new()
    {
        var storage = Runtime.GetGrainStorage(storageName, ClassInfo, stateName);
        var state = new PersistentState<TState>(stateName, GrainId, storage);
        (_states ??= []).Add(state);
        return state;
    }

    public override string ToString() => $"[Activation {GrainId}]";

    private bool CanStartLocked(Request request) =>
        _state == ActivationState.Valid && !_deactivateOnIdle
        && (request.IsAlwaysInterleave || ClassInfo.IsReentrant || (_running == 0 && _waiting.Count == 0));

    private void StartWaitingLocked()
    {
        // While a deactivation is pending, parked requests wait for the next activation (even reentrant ones,
        // or the drain would never end under load).
        while (!_deactivateOnIdle && _waiting.TryPeek(out var next)
            && (ClassInfo.IsReentrant || next.IsAlwaysInterleave || _running == 0))
        {
            _waiting.Dequeue();
            _running++;
            _work.Enqueue(new WorkItem(next));
        }
    }

    private bool TryTakeOwnershipLocked()
    {
        if (_executing || _work.Count == 0)
        {
            return false;
        }

        _executing = true;
        return true;
    }

    private void BeginDeactivationLocked()
    {
        _state = ActivationState.Deactivating;
        _work.Enqueue(new WorkItem(DeactivateCallback, this));
    }

    private void Schedule() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    private static ExecutionContext CaptureEmptyContext()
    {
        ExecutionContext? empty = null;
        using (ExecutionContext.SuppressFlow())
        {
            var thread = new Thread(() => empty = ExecutionContext.Capture());
            thread.Start();
            thread.Join();
        }

        return empty ?? throw new InvalidOperationException("Could not capture an empty execution context.");
    }

    private void RunInline(Request request)
    {
        var previous = SynchronizationContext.Current;
        var callerContext = ExecutionContext.Capture();
        SynchronizationContext.SetSynchronizationContext(_context);
        if (callerContext is not null)
        {
            ExecutionContext.Restore(EmptyContext);
        }

        _inlineDepth++;
        try
        {
            StartRequest(request);
        }
        finally
        {
            _inlineDepth--;
            if (callerContext is not null)
            {
                ExecutionContext.Restore(callerContext);
            }

            SynchronizationContext.SetSynchronizationContext(previous);
        }

        bool schedule;
        lock (_lock)
        {
            schedule = _work.Count > 0;
            _executing = schedule;
        }

        if (schedule)
        {
            Schedule();
        }
    }

    private void RunTurn(in WorkItem item)
    {
        if (item.Request is { } request)
        {
            StartRequest(request);
            return;
        }

        try
        {
            item.Callback!(item.State);
        }
        catch (Exception exception)
        {
            Runtime.Log.TurnFailed(GrainId, exception);
        }
    }

    private void StartRequest(Request request)
    {
        if (request.IsCompleted)
        {
            // The caller stopped waiting (timeout) before the request started: drop it unexecuted.
            OnRequestCompleted(request, null);
            return;
        }

        // Consumed exactly once: synchronously below, or by AwaitInvocation.
#pragma warning disable CA2012
        ValueTask invocation;
        var previousActivity = System.Diagnostics.Activity.Current;
        request.HandlingActivity = Diagnostics.GrainCallActivities.StartHandling(request);
        try
        {
            // Timer ticks are the grain's own work, not calls: filters (auth, audit) do not see them, and a
            // filter that refused a tick would stop the timer for good.
            invocation = Runtime.IncomingFilters.Length == 0 || request.IsBoundToActivation
                ? request.InvokeCore(_grain!)
                : new IncomingCallContext(request, _grain!, Runtime.IncomingFilters).InvokeAsync();
        }
        catch (Exception exception)
        {
            System.Diagnostics.Activity.Current = previousActivity;
            OnRequestCompleted(request, exception);
            return;
        }

        // The grain's continuations captured the span with the turn's context; this thread goes back to its own.
        System.Diagnostics.Activity.Current = previousActivity;
        if (invocation.IsCompleted)
        {
            Exception? failure = null;
            try
            {
                invocation.GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            OnRequestCompleted(request, failure);
        }
        else
        {
            request.AwaitInvocation(invocation, this);
        }
#pragma warning restore CA2012
    }

    private async Task RunActivationAsync()
    {
        Exception? failure = null;
        var registered = false;
        try
        {
            // In a cluster the grain is registered before any grain code runs (its constructor included): the
            // directory decides which silo's activation is the one, and the state is read only after winning.
            if (Runtime.Cluster is { } cluster)
            {
                var owner = await cluster.RegisterAsync(GrainId, CancellationToken.None);
                if (owner != Runtime.LocalSilo)
                {
                    Dissolve();
                    return;
                }

                registered = true;
            }

            _constructing = this;
            try
            {
                _grain = ClassInfo.Factory(this);
            }
            finally
            {
                _constructing = null;
            }

            using var cancellation = new CancellationTokenSource(Runtime.CollectionOptions.ActivationTimeout, Runtime.TimeProvider);
            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(cancellation.Token);
                }
            }

            await _grain.OnActivateAsync(cancellation.Token);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (failure is null)
        {
            bool schedule;
            lock (_lock)
            {
                _state = ActivationState.Valid;
                _lastActive = Runtime.TimeProvider.GetTimestamp();
                if (_deactivateOnIdle)
                {
                    BeginDeactivationLocked();
                }
                else
                {
                    StartWaitingLocked();
                }

                schedule = TryTakeOwnershipLocked();
            }

            Runtime.Metrics.ActivationCreated();
            if (schedule)
            {
                Schedule();
            }

            return;
        }

        Runtime.Log.ActivationFailed(GrainId, failure);
        Runtime.Metrics.ActivationFailed();
        if (registered)
        {
            await UnregisterAsync();
        }

        Request[] failed;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            failed = [.. _waiting];
            _waiting.Clear();
        }

        Runtime.Catalog.Remove(this);
        _deactivated?.TrySetResult();
        foreach (var request in failed)
        {
            if (request.IsOneWay)
            {
                Runtime.Log.OneWayCallFailed(request.InterfaceName, request.MethodName, GrainId, failure);
            }

            request.TryComplete(failure);
            request.Release();
        }
    }

    private async Task RunDeactivationAsync()
    {
        GrainTimer[] timers;
        DeactivationReason reason;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
            _timers = null;
            reason = _deactivationReason;
        }

        foreach (var timer in timers)
        {
            timer.Stop();
        }

        try
        {
            using var cancellation = new CancellationTokenSource(Runtime.CollectionOptions.DeactivationTimeout, Runtime.TimeProvider);
            if (_grain is not null)
            {
                await _grain.OnDeactivateAsync(reason, cancellation.Token);
            }
        }
        catch (Exception exception)
        {
            Runtime.Log.DeactivationFailed(GrainId, exception);
        }

        // Unregistered while still in the catalog (calls arriving meanwhile wait here and follow below), and only
        // after the last state write: a later activation elsewhere can never overlap this one's writes.
        await UnregisterAsync();
        Dissolve();
        Runtime.Metrics.ActivationRemoved(reason);
        Runtime.Log.Deactivated(GrainId, reason);
    }

    private async Task UnregisterAsync()
    {
        if (Runtime.Cluster is not { } cluster)
        {
            return;
        }

        try
        {
            await cluster.UnregisterAsync(GrainId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The entry still names this silo, which re-activates the grain on the next call: nothing is lost.
            Runtime.Log.UnregisterFailed(GrainId, exception);
        }
    }

    /// <summary>Leaves the catalog and sends the requests that were waiting on to the grain's next activation.</summary>
    private void Dissolve()
    {
        Request[] forward;
        TaskCompletionSource? deactivated;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            forward = [.. _waiting];
            _waiting.Clear();
            deactivated = _deactivated;
        }

        Runtime.Catalog.Remove(this);

        // A timer tick belongs to this activation and ends with it. The others are on their way before the
        // deactivation is reported, so a silo draining for shutdown knows to wait for them.
        foreach (var request in forward)
        {
            if (request.IsBoundToActivation)
            {
                request.TryComplete(null);
                request.Release();
            }
            else
            {
                Runtime.Dispatcher.Forward(request);
            }
        }

        deactivated?.TrySetResult();
    }
}
