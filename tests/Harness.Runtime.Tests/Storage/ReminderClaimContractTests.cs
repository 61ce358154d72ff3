using Harness.Runtime.Reminders;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

/// <summary>What a reminder table shared by the silos of a cluster must do so a tick fires once.</summary>
public abstract class ReminderClaimContractTests
{
    private static readonly GrainId Grain = new("device", "9");
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract IReminderTable Table { get; }

    [Fact]
    public async Task ClaimTick_OnlyTheFirstClaimOfADueTimeWins_AndLaterDueTimesCanBeClaimed()
    {
        var eTag = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(1), null), default);

        Assert.True(await Table.TryClaimTickAsync(Grain, "poll", eTag, Start, default));
        Assert.False(await Table.TryClaimTickAsync(Grain, "poll", eTag, Start, default));
        Assert.True(await Table.TryClaimTickAsync(Grain, "poll", eTag, Start.AddMinutes(1), default));
        Assert.False(await Table.TryClaimTickAsync(Grain, "poll", eTag, Start, default));
    }

    [Fact]
    public async Task ClaimTick_ConcurrentClaimsOfOneDueTime_ExactlyOneWins()
    {
        var eTag = await Table.UpsertAsync(new ReminderEntry(Grain, "race", Start, TimeSpan.FromMinutes(1), null), default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Table.TryClaimTickAsync(Grain, "race", eTag, Start, default))));

        Assert.Equal(1, claims.Count(c => c));
    }

    [Fact]
    public async Task ClaimTick_OfARemovedOrReplacedReminder_IsRefused()
    {
        var first = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(1), null), default);
        var second = await Table.UpsertAsync(new ReminderEntry(Grain, "poll", Start, TimeSpan.FromMinutes(2), null), default);

        Assert.False(await Table.TryClaimTickAsync(Grain, "poll", first, Start, default));
        Assert.True(await Table.TryClaimTickAsync(Grain, "poll", second, Start, default));

        Assert.True(await Table.RemoveAsync(Grain, "poll", second, default));
        Assert.False(await Table.TryClaimTickAsync(Grain, "poll", second, Start.AddMinutes(2), default));
    }
}
