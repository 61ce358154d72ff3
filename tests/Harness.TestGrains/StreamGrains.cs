using Harness.Runtime;
using Harness.Runtime.Streams;

namespace Harness.TestGrains;

public interface IStreamConsumerGrain : IGrainWithStringKey
{
    Task Subscribe(string provider, string streamNamespace, string key);

    [AlwaysInterleave]
    Task<int[]> Received();
}

public sealed class StreamConsumerGrain(TestProbe probe) : Grain, IStreamConsumerGrain, IAsyncObserver<int>
{
    private readonly List<int> _received = [];
    private bool _inTurn;

    public async Task Subscribe(string provider, string streamNamespace, string key) =>
        await GetStreamProvider(provider).GetStream<int>(new StreamId(streamNamespace, key)).SubscribeAsync(this);

    public Task<int[]> Received() => Task.FromResult(_received.ToArray());

    public async Task OnNextAsync(int item, CancellationToken cancellationToken)
    {
        if (_inTurn)
        {
            throw new InvalidOperationException("Deliveries overlapped.");
        }

        _inTurn = true;
        await Task.Yield();
        _received.Add(item);
        _inTurn = false;
        probe.Signal($"{GrainId.Key}:received:{item}");
    }
}

[ImplicitStreamSubscription("implicit-ns")]
public sealed class ImplicitConsumerGrain(TestProbe probe) : Grain, IImplicitConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<int>
{
    private readonly List<int> _received = [];

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory, CancellationToken cancellationToken) =>
        await handleFactory.Create<int>().ResumeAsync(this, cancellationToken);

    public Task<int[]> Received() => Task.FromResult(_received.ToArray());

    public Task OnNextAsync(int item, CancellationToken cancellationToken)
    {
        _received.Add(item);
        probe.Signal($"implicit:{GrainId.Key}:received:{item}");
        return Task.CompletedTask;
    }
}

public interface IImplicitConsumerGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<int[]> Received();
}
