using System.Collections.Concurrent;

namespace Harness.Runtime.Activation;

/// <summary>
/// The silo's activations by grain id. Adding is first-writer-wins on the dictionary, so concurrent first
/// calls agree on one activation; only the winner is ever activated (a losing candidate never ran code).
/// </summary>
internal sealed class Catalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile bool _stopping;

    public int Count => _activations.Count;

    /// <summary>Gets a value indicating whether the silo has stopped taking new activations (it is shutting down).</summary>
    public bool IsStopping => _stopping;

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public ActivationData GetOrCreate(GrainId grainId, GrainClassInfo classInfo)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (_stopping)
        {
            throw new SiloUnavailableException($"Silo {runtime.LocalSilo} is shutting down: it does not activate grain {grainId}.");
        }

        var created = new ActivationData(grainId, classInfo, runtime);
        var winner = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            created.StartActivation();

            // Added just as shutdown began, after DeactivateAllAsync took its snapshot: it is deactivated too.
            if (_stopping)
            {
                _ = created.DeactivateAsync(DeactivationReason.ShuttingDown);
            }
        }

        return winner;
    }

    public void Remove(ActivationData activation) => _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <summary>Offers every activation to the idle collector.</summary>
    public int CollectIdle()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        var collected = 0;
        foreach (var pair in _activations)
        {
            if (pair.Value.TryCollect(now))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Stops new activations and deactivates every grain (running OnDeactivateAsync, which saves state).</summary>
    public async Task DeactivateAllAsync()
    {
        _stopping = true;

        // Repeat until empty: an activation created concurrently with the first snapshot is caught by the next.
        while (!_activations.IsEmpty)
        {
            var pending = new List<Task>(_activations.Count);
            foreach (var pair in _activations)
            {
                pending.Add(pair.Value.DeactivateAsync(DeactivationReason.ShuttingDown));
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            await Task.Yield();
        }
    }

    /// <summary>Fails what is left after the shutdown timeout (see <see cref="ActivationData.Abandon"/>).</summary>
    public void AbandonAll()
    {
        foreach (var pair in _activations)
        {
            pair.Value.Abandon();
        }
    }
}
