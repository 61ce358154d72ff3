using Harness.Runtime.Membership;
using Harness.Runtime.Tests.Infrastructure;

namespace Harness.Runtime.Tests.Membership;

/// <summary>The membership table contract in memory, on a clock the tests move.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryMembershipTable _table;

    public InMemoryMembershipTableTests()
    {
        _table = new InMemoryMembershipTable(_time);
    }

    protected override IMembershipTable Table => _table;

    protected override IMembershipTable Reopen() => _table;

    protected override Task LetTimePassAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
