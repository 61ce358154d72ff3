using Harness.Runtime.Reminders;
using Harness.Runtime.Postgres;
using Harness.Runtime.Tests.Infrastructure;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

public sealed class PostgresReminderTableTests : IDisposable
{
    private static readonly GrainId Grain = new("device", "7");
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, 123, TimeSpan.Zero);

    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresReminderTable _table;

    public PostgresReminderTableTests()
    {
        _table = new PostgresReminderTable(_schema.CreateDatabase());
    }

    public void Dispose() => _schema.Dispose();

    [PostgresFact]
    public async Task Upsert_NewReminder_ReturnsETagAndReadsBack()
    {
        var eTag = await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        Assert.Equal("1", eTag);
        var read = await _table.ReadAsync(Grain, "poll", CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), "1"), read);
    }

    [PostgresFact]
    public async Task Upsert_ExistingReminder_ReplacesItAndIncrementsETag()
    {
        await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var eTag = await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start.AddHours(1), TimeSpan.FromSeconds(30), "1"), CancellationToken.None);

        Assert.Equal("2", eTag);
        var read = await _table.ReadAsync(Grain, "poll", CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start.AddHours(1), TimeSpan.FromSeconds(30), "2"), read);
    }

    [PostgresFact]
    public async Task Remove_StaleETag_ReturnsFalseAndKeepsReminder()
    {
        await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);
        await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(6), null), CancellationToken.None);

        Assert.False(await _table.RemoveAsync(Grain, "poll", "1", CancellationToken.None));
        Assert.False(await _table.RemoveAsync(Grain, "poll", "not-an-etag", CancellationToken.None));

        Assert.NotNull(await _table.ReadAsync(Grain, "poll", CancellationToken.None));
    }

    [PostgresFact]
    public async Task Remove_CurrentETag_DeletesReminder()
    {
        var eTag = await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        Assert.True(await _table.RemoveAsync(Grain, "poll", eTag, CancellationToken.None));

        Assert.Null(await _table.ReadAsync(Grain, "poll", CancellationToken.None));
        Assert.False(await _table.RemoveAsync(Grain, "poll", eTag, CancellationToken.None));
    }

    [PostgresFact]
    public async Task Read_ByGrainAndAll_ReturnMatchingReminders()
    {
        var other = new GrainId("device", "8");
        await _table.UpsertAsync(new ReminderEntry(Grain, "a", Start, TimeSpan.FromMinutes(1), null), CancellationToken.None);
        await _table.UpsertAsync(new ReminderEntry(Grain, "b", Start, TimeSpan.FromMinutes(2), null), CancellationToken.None);
        await _table.UpsertAsync(new ReminderEntry(other, "a", Start, TimeSpan.FromMinutes(3), null), CancellationToken.None);

        var mine = await _table.ReadAsync(Grain, CancellationToken.None);
        var all = await _table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], mine.Select(r => r.Name).Order());
        Assert.All(mine, r => Assert.Equal(Grain, r.GrainId));
        Assert.Equal(3, all.Count);
        Assert.Contains(all, r => r.GrainId == other && r.Period == TimeSpan.FromMinutes(3));
        Assert.Empty(await _table.ReadAsync(new GrainId("device", "9"), CancellationToken.None));
    }

    [PostgresFact]
    public async Task Upsert_SurvivesReopen()
    {
        await _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var reopened = new PostgresReminderTable(_schema.CreateDatabase());

        var all = await reopened.ReadAllAsync(CancellationToken.None);
        Assert.Equal(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(5), "1"), Assert.Single(all));
    }

    [PostgresFact]
    public async Task Upsert_StartWithNonUtcOffset_ReadsBackAsTheSameInstant()
    {
        var local = new DateTimeOffset(2026, 11, 24, 10, 0, 0, 250, TimeSpan.FromHours(2));
        await _table.UpsertAsync(new ReminderEntry(Grain, "poll", local, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var read = await _table.ReadAsync(Grain, "poll", CancellationToken.None);

        Assert.Equal(local, read!.StartAt);
        Assert.Equal(TimeSpan.Zero, read.StartAt.Offset);
    }

    [PostgresFact]
    public async Task Upsert_Concurrent_EveryUpsertGetsItsOwnETag()
    {
        var eTags = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(
            () => _table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(i), null), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 10), eTags.Select(e => int.Parse(e, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal("10", (await _table.ReadAsync(Grain, "poll", CancellationToken.None))!.ETag);
    }
}
