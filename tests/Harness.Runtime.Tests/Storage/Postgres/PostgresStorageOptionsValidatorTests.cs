using Harness.Runtime.Postgres;
using Xunit;

namespace Harness.Runtime.Tests.Storage.Postgres;

public sealed class PostgresStorageOptionsValidatorTests
{
    private readonly PostgresStorageOptionsValidator _validator = new();

    [Fact]
    public void Defaults_WithConnectionString_AreValid()
    {
        var options = new PostgresStorageOptions { ConnectionString = "Host=db;Username=harness;Database=harness" };

        Assert.True(_validator.Validate("Default", options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StartupRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.StartupTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingConnectionString_FailsNamingTheSetting(string connectionString)
    {
        var result = _validator.Validate("Default", new PostgresStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Postgres:ConnectionString must be set", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'Default'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedConnectionString_FailsNamingTheSetting()
    {
        var result = _validator.Validate(null, new PostgresStorageOptions { ConnectionString = "Hots=db;Password=secret" });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Storage:Postgres:ConnectionString is not a valid PostgreSQL connection string", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionStringWithoutHost_Fails()
    {
        var result = _validator.Validate(null, new PostgresStorageOptions { ConnectionString = "Username=harness;Database=harness" });

        Assert.Contains("Harness:Storage:Postgres:ConnectionString must name the server", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void BadDurations_FailNamingEachSetting()
    {
        var result = _validator.Validate(null, new PostgresStorageOptions
        {
            ConnectionString = "Host=db",
            StartupRetryDelay = TimeSpan.Zero,
            StartupTimeout = TimeSpan.FromSeconds(-5),
        });

        Assert.Contains("Harness:Storage:Postgres:StartupRetryDelay", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Harness:Storage:Postgres:StartupTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void InfiniteAndZeroStartupTimeouts_AreValid()
    {
        Assert.True(_validator.Validate(null, new PostgresStorageOptions { ConnectionString = "Host=db", StartupTimeout = Timeout.InfiniteTimeSpan }).Succeeded);
        Assert.True(_validator.Validate(null, new PostgresStorageOptions { ConnectionString = "Host=db", StartupTimeout = TimeSpan.Zero }).Succeeded);
    }
}
