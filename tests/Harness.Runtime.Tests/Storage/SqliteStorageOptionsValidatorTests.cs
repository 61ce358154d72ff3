using Harness.Runtime.Sqlite;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class SqliteStorageOptionsValidatorTests
{
    private readonly SqliteStorageOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new SqliteStorageOptions();

        Assert.True(_validator.Validate("Default", options).Succeeded);
        Assert.Equal("data/harness.db", options.DataSource);
        Assert.Equal(SqliteSynchronousMode.Normal, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyDataSource_FailsNamingTheSetting(string dataSource)
    {
        var result = _validator.Validate("Default", new SqliteStorageOptions { DataSource = dataSource });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Sqlite:DataSource must not be empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InMemoryDataSource_Fails()
    {
        var result = _validator.Validate("Default", new SqliteStorageOptions { DataSource = ":memory:" });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Sqlite:DataSource", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeBusyTimeout_FailsNamingTheSetting()
    {
        var result = _validator.Validate("Default", new SqliteStorageOptions { BusyTimeout = TimeSpan.FromSeconds(-1) });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Sqlite:BusyTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndefinedSynchronousMode_FailsNamingTheSetting()
    {
        var result = _validator.Validate("Default", new SqliteStorageOptions { Synchronous = (SqliteSynchronousMode)42 });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Sqlite:Synchronous", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var result = _validator.Validate("Default", new SqliteStorageOptions { DataSource = string.Empty, BusyTimeout = TimeSpan.FromSeconds(-1) });

        Assert.Equal(2, result.Failures!.Count());
    }
}
