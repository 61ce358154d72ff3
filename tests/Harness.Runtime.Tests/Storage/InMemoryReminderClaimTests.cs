using Harness.Runtime.Reminders;

namespace Harness.Runtime.Tests.Storage;

public sealed class InMemoryReminderClaimTests : ReminderClaimContractTests
{
    protected override IReminderTable Table { get; } = new InMemoryReminderTable();
}
