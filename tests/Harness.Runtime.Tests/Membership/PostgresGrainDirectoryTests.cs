using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Membership;
using Harness.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Harness.Runtime.Tests.Membership;

/// <summary>
/// The grain directory contract on a real PostgreSQL server, where "another silo's view" is another data source
/// (own connection pool), so concurrent registrations race in the database.
/// </summary>
[TestCaseOrderer(PostgresTestCaseOrderer.TypeName, PostgresTestCaseOrderer.AssemblyName)]
public sealed class PostgresGrainDirectoryTests : GrainDirectoryContractTests, IDisposable
{
    private readonly PostgresTestSchema _schema = new();
    private readonly PostgresGrainDirectory _directory;

    public PostgresGrainDirectoryTests()
    {
        _directory = new PostgresGrainDirectory(CreateDatabase());
    }

    protected override IGrainDirectory Directory => _directory;

    public void Dispose() => _schema.Dispose();

    protected override IGrainDirectory Reopen() => new PostgresGrainDirectory(CreateDatabase());

    [PostgresFact]
    public async Task Register_StoresTheSiloAddressInItsColumns()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        Assert.Equal(1L, _schema.Scalar(
            "SELECT COUNT(*) FROM harness_grain_directory WHERE grain_type = 'device' AND grain_key = '7' " +
            "AND silo_host = '10.0.0.1' AND silo_port = 11111 AND silo_generation = 1000 AND registered_at IS NOT NULL;"));
    }

    [PostgresFact]
    public async Task Register_ManyGrainsFromManySilosAtOnce_EachGrainHasOneOwnerThatEveryoneAgreesOn()
    {
        var directories = new[] { Directory, Reopen(), Reopen(), Reopen() };
        var grains = Enumerable.Range(0, 20).Select(i => new GrainId("device", $"g{i}")).ToArray();
        var calls = from grain in grains
                    from silo in Enumerable.Range(1, 8)
                    select (Grain: grain, Silo: new SiloAddress($"10.0.3.{silo}", 11111, 1000));

        var results = await Task.WhenAll(calls.Select((call, i) => Task.Run(
            () => directories[i % directories.Length].RegisterAsync(new GrainAddress(call.Grain, call.Silo), null, CancellationToken.None))));

        foreach (var grain in grains)
        {
            var owner = Assert.Single(results.Where(r => r.GrainId == grain).Distinct());
            Assert.Equal(owner, await Directory.LookupAsync(grain, CancellationToken.None));
        }

        Assert.Equal(20L, _schema.Scalar("SELECT COUNT(*) FROM harness_grain_directory;"));
    }

    /// <summary>A database with a small pool: the concurrency tests must not take the server's connection slots.</summary>
    private PostgresDatabase CreateDatabase()
    {
        var options = _schema.Options();
        options.ConnectionString += ";Maximum Pool Size=5";
        return _schema.Own(new PostgresDatabase(options, TimeProvider.System, NullLoggerFactory.Instance));
    }
}
