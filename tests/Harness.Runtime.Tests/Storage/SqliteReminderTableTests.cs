using Harness.Runtime.Reminders;
using Harness.Runtime.Sqlite;

namespace Harness.Runtime.Tests.Storage;

public sealed class SqliteReminderTableTests : ReminderTableContractTests, IDisposable
{
    private readonly TempDatabaseFile _file = new();
    private readonly SqliteReminderTable _table;

    public SqliteReminderTableTests()
    {
        _table = _file.Own(new SqliteReminderTable(_file.CreateDatabase()));
    }

    protected override IReminderTable Table => _table;

    public void Dispose() => _file.Dispose();

    protected override IReminderTable Reopen() => _file.Own(new SqliteReminderTable(_file.CreateDatabase()));
}
