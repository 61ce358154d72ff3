using Harness.Runtime.Storage;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

/// <summary>The behaviour every <see cref="IGrainStorage"/> shares; one subclass per provider.</summary>
public abstract class GrainStorageContractTests : IDisposable
{
    protected const string StateName = "counter";

    protected static readonly GrainId Grain = new("counter", "1");

    /// <summary>Gets the storage under test.</summary>
    protected abstract IGrainStorage Storage { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A storage over the same backing store, as after a silo restart (the memory provider returns itself).</summary>
    protected abstract IGrainStorage Reopen();

    protected virtual void Dispose(bool disposing)
    {
    }

    protected async Task<TestGrainState<CounterState>> WriteNewAsync(int count, GrainId? grainId = null, string stateName = StateName)
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = count } };
        await Storage.WriteStateAsync(stateName, grainId ?? Grain, state, CancellationToken.None);
        return state;
    }

    /// <summary>Runs <paramref name="task"/> and returns what it threw, or null.</summary>
    protected static async Task<Exception?> CaptureAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Reading a stored payload that cannot be deserialized fails naming the grain, the state and its type.</summary>
    protected async Task AssertReadFailsNamingGrainStateAndTypeAsync()
    {
        var ex = await Assert.ThrowsAsync<System.Runtime.Serialization.SerializationException>(() => ReadAsync());

        Assert.Contains("'counter/1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'counter'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(CounterState).FullName!, ex.Message, StringComparison.Ordinal);
    }

    protected async Task<TestGrainState<CounterState>> ReadAsync(IGrainStorage? storage = null, GrainId? grainId = null, string stateName = StateName)
    {
        var state = new TestGrainState<CounterState>();
        await (storage ?? Storage).ReadStateAsync(stateName, grainId ?? Grain, state, CancellationToken.None);
        return state;
    }

    [Fact]
    public async Task ReadState_Missing_ReturnsNewStateAndNullETag()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 7 }, ETag = "3", RecordExists = true };

        await Storage.ReadStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal(0, state.State.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteState_ThenReadFromReopenedStorage_ReturnsState()
    {
        var written = new TestGrainState<CounterState> { State = new CounterState { Count = 42, Label = "answer", Items = ["a", "b"] } };
        await Storage.WriteStateAsync(StateName, Grain, written, CancellationToken.None);

        var read = await ReadAsync(Reopen());

        Assert.Equal(42, read.State.Count);
        Assert.Equal("answer", read.State.Label);
        Assert.Equal(["a", "b"], read.State.Items);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task WriteState_SuccessiveWrites_IncrementETag()
    {
        var state = await WriteNewAsync(1);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        state.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal("2", state.ETag);
        var read = await ReadAsync();
        Assert.Equal(2, read.State.Count);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsAndKeepsStoredState()
    {
        var current = await WriteNewAsync(1);
        var stale = new TestGrainState<CounterState> { State = new CounterState { Count = 99 }, ETag = current.ETag, RecordExists = true };
        current.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, current, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.Equal("2", ex.StoredETag);
        Assert.Equal("1", ex.CurrentETag);
        Assert.Equal("1", stale.ETag);
        var read = await ReadAsync();
        Assert.Equal(2, read.State.Count);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_NullETagWhenRecordExists_ThrowsAndKeepsStoredState()
    {
        await WriteNewAsync(1);
        var other = new TestGrainState<CounterState> { State = new CounterState { Count = 99 } };

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, other, CancellationToken.None));

        Assert.Equal("1", ex.StoredETag);
        Assert.Null(ex.CurrentETag);
        var read = await ReadAsync();
        Assert.Equal(1, read.State.Count);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task WriteState_ETagWhenNoRecord_ThrowsAndStoresNothing()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 5 }, ETag = "4", RecordExists = true };

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None));

        Assert.Null(ex.StoredETag);
        Assert.Equal("4", ex.CurrentETag);
        Assert.False((await ReadAsync()).RecordExists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData(" 1")]
    public async Task WriteState_MalformedETag_ThrowsAndKeepsStoredState(string eTag)
    {
        await WriteNewAsync(1);
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 5 }, ETag = eTag };

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None));

        Assert.Equal("1", ex.StoredETag);
        Assert.Equal(1, (await ReadAsync()).State.Count);
    }

    [Fact]
    public async Task WriteState_ConcurrentWritersWithSameETag_ExactlyOneSucceeds()
    {
        const int writers = 16;
        var initial = await WriteNewAsync(0);
        var states = Enumerable.Range(1, writers)
            .Select(i => new TestGrainState<CounterState> { State = new CounterState { Count = i }, ETag = initial.ETag, RecordExists = true })
            .ToArray();

        var outcomes = await Task.WhenAll(states.Select(s => Task.Run(() => TryWriteAsync(s))));

        var winner = Assert.Single(states, s => s.ETag == "2");
        Assert.Equal(1, outcomes.Count(succeeded => succeeded));
        var read = await ReadAsync();
        Assert.Equal(winner.State.Count, read.State.Count);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_ConcurrentFirstWrites_ExactlyOneSucceeds()
    {
        const int writers = 16;
        var states = Enumerable.Range(1, writers)
            .Select(i => new TestGrainState<CounterState> { State = new CounterState { Count = i } })
            .ToArray();

        var outcomes = await Task.WhenAll(states.Select(s => Task.Run(() => TryWriteAsync(s))));

        Assert.Equal(1, outcomes.Count(succeeded => succeeded));
        var winner = Assert.Single(states, s => s.ETag == "1");
        var read = await ReadAsync();
        Assert.Equal(winner.State.Count, read.State.Count);
    }

    [Fact]
    public async Task ClearState_StaleETag_ThrowsAndKeepsStoredState()
    {
        var current = await WriteNewAsync(1);
        var stale = new TestGrainState<CounterState> { State = new CounterState { Count = 1 }, ETag = current.ETag, RecordExists = true };
        current.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, current, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.Equal("2", ex.StoredETag);
        Assert.Equal("1", ex.CurrentETag);
        var read = await ReadAsync();
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State.Count);
    }

    [Fact]
    public async Task ClearState_NullETagWhenRecordExists_ThrowsAndKeepsStoredState()
    {
        await WriteNewAsync(1);
        var unaware = new TestGrainState<CounterState>();

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, unaware, CancellationToken.None));

        Assert.Equal("1", ex.StoredETag);
        Assert.True((await ReadAsync()).RecordExists);
    }

    [Fact]
    public async Task ClearState_NullETagWhenNoRecord_Succeeds()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 3 } };

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal(0, state.State.Count);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task ClearState_CurrentETag_ResetsStateAndLeavesTombstoneETag()
    {
        var state = await WriteNewAsync(5);

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal(0, state.State.Count);
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task ReadState_AfterClear_ReturnsNoRecordWithTombstoneETag()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        var read = await ReadAsync(Reopen());

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Count);
        Assert.NotNull(read.ETag);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearState_ThenWriteBySameState_Succeeds()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        state.State.Count = 6;
        await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal("3", state.ETag);
        Assert.True(state.RecordExists);
        var read = await ReadAsync(Reopen());
        Assert.True(read.RecordExists);
        Assert.Equal(6, read.State.Count);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task WriteState_TombstoneETagReadByAnotherWriter_RevivesRecord()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        var other = await ReadAsync(Reopen());

        other.State.Count = 7;
        await Storage.WriteStateAsync(StateName, Grain, other, CancellationToken.None);

        Assert.Equal("3", other.ETag);
        Assert.True(other.RecordExists);
        Assert.Equal(7, (await ReadAsync()).State.Count);
    }

    [Fact]
    public async Task WriteState_NullETagOverTombstone_ThrowsAndKeepsTombstone()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        var unaware = new TestGrainState<CounterState> { State = new CounterState { Count = 9 } };

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, unaware, CancellationToken.None));

        Assert.Equal("2", ex.StoredETag);
        Assert.Null(ex.CurrentETag);
        Assert.Null(unaware.ETag);
        var read = await ReadAsync();
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task ClearState_NullETagOverTombstone_Throws()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearStateAsync(StateName, Grain, new TestGrainState<CounterState>(), CancellationToken.None));

        Assert.Equal("2", ex.StoredETag);
        Assert.Equal("2", (await ReadAsync()).ETag);
    }

    [Fact]
    public async Task ClearState_Tombstone_AdvancesETag()
    {
        var state = await WriteNewAsync(5);
        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        await Storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Equal("3", state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync();
        Assert.False(read.RecordExists);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task WriteState_OldETagAfterClear_IsRejected()
    {
        await WriteNewAsync(1);
        var a = await ReadAsync();
        var b = await ReadAsync(Reopen());
        Assert.Equal("1", a.ETag);

        b.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, b, CancellationToken.None);
        await Storage.ClearStateAsync(StateName, Grain, b, CancellationToken.None);
        b.State.Count = 4;
        await Storage.WriteStateAsync(StateName, Grain, b, CancellationToken.None);
        Assert.Equal("4", b.ETag);

        a.State.Count = 99;
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, a, CancellationToken.None));

        Assert.Equal("4", ex.StoredETag);
        Assert.Equal("1", ex.CurrentETag);
        var read = await ReadAsync();
        Assert.Equal(4, read.State.Count);
        Assert.Equal("4", read.ETag);
    }

    [Fact]
    public async Task WriteState_ETagFromBeforeClear_NeverMatchesAgain()
    {
        var writer = await WriteNewAsync(1);
        writer.State.Count = 2;
        await Storage.WriteStateAsync(StateName, Grain, writer, CancellationToken.None);
        var stale = await ReadAsync(Reopen());
        Assert.Equal("2", stale.ETag);
        var seen = new List<string> { "1", "2" };

        await Storage.ClearStateAsync(StateName, Grain, writer, CancellationToken.None);
        seen.Add(writer.ETag!);

        // Later writes carry the version number past the stale one; the stale writer must lose every time.
        for (var count = 3; count <= 8; count++)
        {
            writer.State.Count = count;
            await Storage.WriteStateAsync(StateName, Grain, writer, CancellationToken.None);
            seen.Add(writer.ETag!);

            stale.State.Count = -count;
            var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, stale, CancellationToken.None));
            Assert.Equal(writer.ETag, ex.StoredETag);
            await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale, CancellationToken.None));
            Assert.Equal("2", stale.ETag);
        }

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        var read = await ReadAsync();
        Assert.Equal(8, read.State.Count);
        Assert.Equal(writer.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteState_MutatingStateAfterwards_DoesNotChangeStoredState()
    {
        var state = await WriteNewAsync(1);
        state.State.Count = 100;
        state.State.Items.Add("unsaved");

        var read = await ReadAsync();

        Assert.Equal(1, read.State.Count);
        Assert.Empty(read.State.Items);
        Assert.NotSame(state.State, read.State);
    }

    [Fact]
    public async Task States_AreIsolatedByGrainAndStateName()
    {
        var otherGrain = new GrainId("counter", "2");
        var otherType = new GrainId("timer", "1");
        await WriteNewAsync(1);
        await WriteNewAsync(2, otherGrain);
        await WriteNewAsync(3, otherType);
        await WriteNewAsync(4, stateName: "other");

        Assert.Equal(1, (await ReadAsync()).State.Count);
        Assert.Equal(2, (await ReadAsync(grainId: otherGrain)).State.Count);
        Assert.Equal(3, (await ReadAsync(grainId: otherType)).State.Count);
        Assert.Equal(4, (await ReadAsync(stateName: "other")).State.Count);
        Assert.Equal("1", (await ReadAsync(stateName: "other")).ETag);
    }

    [Fact]
    public async Task Operations_InvalidArguments_Throw()
    {
        var state = new TestGrainState<CounterState>();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.WriteStateAsync(string.Empty, Grain, state, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.ReadStateAsync(StateName, default, state, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.ClearStateAsync<CounterState>(StateName, Grain, null!, CancellationToken.None));
    }

    private async Task<bool> TryWriteAsync(TestGrainState<CounterState> state)
    {
        try
        {
            await Storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }
}
