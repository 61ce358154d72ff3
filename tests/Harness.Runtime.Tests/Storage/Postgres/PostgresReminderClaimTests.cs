using Harness.Runtime.Postgres;
using Harness.Runtime.Reminders;
using Harness.Runtime.Tests.Infrastructure;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresReminderClaimTests : ReminderClaimContractTests, IDisposable
{
    private readonly PostgresTestSchema _schema = new();

    public PostgresReminderClaimTests()
    {
        Table = new PostgresReminderTable(_schema.CreateDatabase());
    }

    protected override IReminderTable Table { get; }

    public void Dispose() => _schema.Dispose();
}
