using Harness.Runtime.Postgres;
using Harness.Runtime.Reminders;
using Harness.Runtime.Tests.Infrastructure;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

/// <summary>The reminder table contract on a real PostgreSQL server, plus what is particular to it.</summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresReminderTableTests : ReminderTableContractTests, IDisposable
{
    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresReminderTable _table;

    public PostgresReminderTableTests()
    {
        _table = new PostgresReminderTable(_schema.CreateDatabase());
    }

    protected override IReminderTable Table => _table;

    public void Dispose() => _schema.Dispose();

    protected override IReminderTable Reopen() => new PostgresReminderTable(_schema.CreateDatabase());

    [PostgresFact]
    public async Task Upsert_StartWithNonUtcOffset_ReadsBackAsTheSameInstant()
    {
        var local = new DateTimeOffset(2026, 11, 24, 10, 0, 0, 250, TimeSpan.FromHours(2));
        await Table.UpsertAsync(new ReminderEntry(Grain, "poll", local, TimeSpan.FromMinutes(5), null), CancellationToken.None);

        var read = await Table.ReadAsync(Grain, "poll", CancellationToken.None);

        Assert.Equal(local, read!.StartAt);
        Assert.Equal(TimeSpan.Zero, read.StartAt.Offset);
    }

    [PostgresFact]
    public async Task Upsert_Concurrent_EveryUpsertGetsItsOwnETag()
    {
        var eTags = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(
            () => Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(i), null), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 10), eTags.Select(e => int.Parse(e, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal("10", (await Table.ReadAsync(Grain, "poll", CancellationToken.None))!.ETag);
    }
}
