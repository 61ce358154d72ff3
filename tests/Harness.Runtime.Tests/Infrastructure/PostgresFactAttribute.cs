using Xunit;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>
/// A test that needs a real PostgreSQL server, named by the environment variable <c>HARNESS_TEST_POSTGRES</c> (an
/// Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_test</c>;
/// the user must be allowed to create schemas there). Without a server answering within about 2 seconds the test
/// is skipped, except when <c>CI=true</c>: there it runs and fails loudly, so CI can never pass by skipping it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresTestEnvironment.SkipReason;
    }
}
