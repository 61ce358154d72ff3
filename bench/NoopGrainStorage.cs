using System.Globalization;
using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.Bench;

/// <summary>
/// A grain storage that stores nothing and does not even serialize: reads give a new state, writes only advance the
/// ETag. The "no persistence" floor of chain-steps: the same grain code runs, the checkpoint costs nothing.
/// </summary>
internal sealed class NoopGrainStorage : IGrainStorage
{
    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        grainState.State = new T();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        grainState.ETag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        grainState.State = new T();
        grainState.ETag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
