using Harness.Runtime.Reminders;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

/// <summary>What every <see cref="IReminderTable"/> must do; each provider runs these against its own store.</summary>
public abstract class ReminderTableContractTests
{
    protected static readonly GrainId Grain = new("device", "7");
    protected static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, 123, TimeSpan.Zero);

    protected abstract IReminderTable Table { get; }

    /// <summary>A second table over the same store (a restarted silo).</summary>
    protected abstract IReminderTable Reopen();

    [Fact]
    public async Task Upsert_NewReminder_ReturnsETagAndReadsBack()
    {
        var eTag = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        Assert.Equal("1", eTag);
        var read = await Table.ReadAsync(Grain, "poll", CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), "1"), read);
    }

    [Fact]
    public async Task Upsert_ExistingReminder_ReplacesItAndIncrementsETag()
    {
        await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var eTag = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start.AddHours(1), TimeSpan.FromSeconds(30), "1"), CancellationToken.None);

        Assert.Equal("2", eTag);
        var read = await Table.ReadAsync(Grain, "poll", CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start.AddHours(1), TimeSpan.FromSeconds(30), "2"), read);
    }

    [Fact]
    public async Task Remove_StaleETag_ReturnsFalseAndKeepsReminder()
    {
        await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);
        await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(6), null), CancellationToken.None);

        Assert.False(await Table.RemoveAsync(Grain, "poll", "1", CancellationToken.None));
        Assert.False(await Table.RemoveAsync(Grain, "poll", "not-an-etag", CancellationToken.None));

        Assert.NotNull(await Table.ReadAsync(Grain, "poll", CancellationToken.None));
    }

    [Fact]
    public async Task Remove_CurrentETag_DeletesReminder()
    {
        var eTag = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        Assert.True(await Table.RemoveAsync(Grain, "poll", eTag, CancellationToken.None));

        Assert.Null(await Table.ReadAsync(Grain, "poll", CancellationToken.None));
        Assert.False(await Table.RemoveAsync(Grain, "poll", eTag, CancellationToken.None));
    }

    [Fact]
    public async Task Read_ByGrainAndAll_ReturnMatchingReminders()
    {
        var other = new GrainId("device", "8");
        await Table.UpsertAsync(new ReminderEntry(Grain, "a", Start, TimeSpan.FromMinutes(1), null), CancellationToken.None);
        await Table.UpsertAsync(new ReminderEntry(Grain, "b", Start, TimeSpan.FromMinutes(2), null), CancellationToken.None);
        await Table.UpsertAsync(new ReminderEntry(other, "a", Start, TimeSpan.FromMinutes(3), null), CancellationToken.None);

        var mine = await Table.ReadAsync(Grain, CancellationToken.None);
        var all = await Table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], mine.Select(r => r.Name).Order());
        Assert.All(mine, r => Assert.Equal(Grain, r.GrainId));
        Assert.Equal(3, all.Count);
        Assert.Contains(all, r => r.GrainId == other && r.Period == TimeSpan.FromMinutes(3));
        Assert.Empty(await Table.ReadAsync(new GrainId("device", "9"), CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_SurvivesReopen()
    {
        await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var reopened = Reopen();

        var all = await reopened.ReadAllAsync(CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), "1"), Assert.Single(all));
    }
}
