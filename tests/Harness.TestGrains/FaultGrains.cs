using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.TestGrains;

/// <summary>
/// A persisted counter whose write can be held back, for fault tests of real silo processes: a slow write that
/// is still waiting when its silo is declared dead must be rejected when it finally runs (the write fence).
/// </summary>
public interface ISlowWriteGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/>, writes the state, and returns the new value.</summary>
    Task<int> Add(int amount);

    /// <summary>
    /// Adds <paramref name="amount"/> in memory, logs <c>slow write of {key} waits</c> (Information, category
    /// <c>Harness.TestGrains.SlowWriteGrain</c>), waits <paramref name="delayMilliseconds"/>, then writes the state and
    /// returns the new value.
    /// </summary>
    Task<int> SlowAdd(int amount, int delayMilliseconds);

    /// <summary>Re-reads the state from storage (not the in-memory copy) and returns its value.</summary>
    Task<int> ReadStored();

    /// <summary>Gets the address of the silo hosting this activation.</summary>
    Task<string> Silo();
}

public sealed class SlowWriteGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    ISiloStatus silo,
    ILogger<SlowWriteGrain> logger) : Grain, ISlowWriteGrain
{
    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public async Task<int> SlowAdd(int amount, int delayMilliseconds)
    {
        counter.State.Value += amount;
        FaultGrainLog.SlowWriteWaiting(logger, GrainId.Key, delayMilliseconds, counter.State.Value);
        await Task.Delay(delayMilliseconds);
        try
        {
            await counter.WriteStateAsync();
        }
        catch (InconsistentStateException exception)
        {
            FaultGrainLog.SlowWriteRejected(logger, GrainId.Key, counter.State.Value, exception.Message);
            throw;
        }

        FaultGrainLog.SlowWriteDone(logger, GrainId.Key, counter.State.Value);
        return counter.State.Value;
    }

    public async Task<int> ReadStored()
    {
        await counter.ReadStateAsync();
        return counter.State.Value;
    }

    public Task<string> Silo() => Task.FromResult(silo.Address.ToString());
}

/// <summary>The fault grains' log lines: a silo process writes them to its output, where fault tests wait for them.</summary>
internal static partial class FaultGrainLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "slow write of {Key} waits {DelayMilliseconds} ms before writing value {Value}")]
    public static partial void SlowWriteWaiting(ILogger logger, string key, int delayMilliseconds, int value);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "slow write of {Key} wrote value {Value}")]
    public static partial void SlowWriteDone(ILogger logger, string key, int value);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "slow write of {Key} (value {Value}) was rejected: {Reason}")]
    public static partial void SlowWriteRejected(ILogger logger, string key, int value, string reason);
}
