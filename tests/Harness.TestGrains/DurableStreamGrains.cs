using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;
using Harness.Runtime.Streams;

namespace Harness.TestGrains;

public sealed class DurableConsumerState
{
    public List<int> Items { get; set; } = [];
}

public interface IDurableConsumerGrain : IGrainWithStringKey
{
    /// <summary>Gets the items in the order this grain (across its activations) processed them, from its persisted state.</summary>
    [AlwaysInterleave]
    Task<int[]> Received();

    Task Deactivate();

    /// <summary>Gets the name of the silo hosting this activation.</summary>
    [AlwaysInterleave]
    Task<string> Silo();
}

/// <summary>
/// Implicitly subscribed to the "durable" namespace. Each item is appended to persisted state, then logged in the probe
/// as <c>durable:{key}:{item}@{silo}</c> and signalled as <c>durable:{key}:received:{item}</c>. The test steers it through
/// the probe: counter <c>durable:{key}:fail:{item}</c> makes that many attempts of the item throw; counter
/// <c>durable:{key}:hold:{item}</c> makes its first attempt of the item signal <c>durable:{key}:held:{item}</c> and wait for
/// gate <c>durable:{key}:release:{item}</c> before finishing it. Activations are counted in <c>durable:{key}:activations</c>.
/// </summary>
[ImplicitStreamSubscription("durable")]
public sealed class DurableConsumerGrain([PersistentState("durable")] IPersistentState<DurableConsumerState> state, ISiloStatus silo, TestProbe probe)
    : Grain, IDurableConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<int>
{
    private bool _inTurn;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory, CancellationToken cancellationToken) =>
        await handleFactory.Create<int>().ResumeAsync(this, cancellationToken);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"durable:{GrainId.Key}:activations");
        return Task.CompletedTask;
    }

    public Task<int[]> Received() => Task.FromResult(state.State.Items.ToArray());

    public Task<string> Silo() => Task.FromResult(silo.SiloName);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task OnNextAsync(int item, CancellationToken cancellationToken)
    {
        if (_inTurn)
        {
            throw new InvalidOperationException("Deliveries overlapped.");
        }

        _inTurn = true;
        try
        {
            var key = GrainId.Key;
            if (probe.Increment($"durable:{key}:attempt:{item}") <= probe.Count($"durable:{key}:fail:{item}"))
            {
                throw new InvalidOperationException($"Item {item} fails on purpose.");
            }

            if (probe.Count($"durable:{key}:hold:{item}") > 0 && probe.Increment($"durable:{key}:holding:{item}") == 1)
            {
                probe.Signal($"durable:{key}:held:{item}");
                await probe.Gate($"durable:{key}:release:{item}");
            }

            await Task.Yield();
            state.State.Items.Add(item);
            await state.WriteStateAsync(cancellationToken);
            probe.Record($"durable:{key}:{item}@{silo.SiloName}");
            probe.Signal($"durable:{key}:received:{item}");
        }
        finally
        {
            _inTurn = false;
        }
    }
}
