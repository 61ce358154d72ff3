using Harness.Runtime.Hosting;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Postgres;
using Harness.Runtime.Postgres.Membership;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Harness.Runtime.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Runtime.Tests.Membership;

/// <summary>
/// <c>UsePostgresClustering</c>: the membership table and grain directory in PostgreSQL, and grain storage on the
/// same database fenced by the directory.
/// </summary>
public sealed class PostgresClusteringRegistrationTests
{
    private const string Database = "Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_a";
    private const string OtherDatabase = "Host=127.0.0.1;Port=5432;Username=harness;Password=harness;Database=harness_b";

    private static readonly SiloAddress Me = new("10.0.0.1", 11111, 1000);

    [Fact]
    public void UsePostgresClustering_RegistersTableAndDirectoryOnTheStoragesDatabase_AndFencesTheStorage()
    {
        using var provider = Build(Database, silo => silo.AddPostgresGrainStorage().UsePostgresReminders().UsePostgresClustering());

        var table = Assert.IsType<PostgresMembershipTable>(provider.GetRequiredService<IMembershipTable>());
        var directory = Assert.IsType<PostgresGrainDirectory>(provider.GetRequiredService<IGrainDirectory>());
        var storage = Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));

        Assert.Same(table.Database, directory.Database);
        Assert.True(storage.IsFenced);
        Assert.Single(provider.GetServices<IStorageStartup>().Distinct());
        Assert.Same(table.Database, provider.GetServices<IStorageStartup>().First());
    }

    [Fact]
    public void UsePostgresClustering_BeforeTheStorage_StillFencesIt()
    {
        using var provider = Build(Database, silo => silo.UsePostgresClustering().AddPostgresGrainStorage());

        Assert.True(FencedStorage(provider).IsFenced);
    }

    [Fact]
    public void UsePostgresClustering_ReplacesAnEarlierMembershipTableAndDirectory()
    {
        using var provider = Build(Database, silo =>
        {
            silo.Services.AddSingleton<IMembershipTable, InMemoryMembershipTable>();
            silo.Services.AddSingleton<IGrainDirectory, InMemoryGrainDirectory>();
            silo.UsePostgresClustering();
        });

        Assert.IsType<PostgresMembershipTable>(Assert.Single(provider.GetServices<IMembershipTable>()));
        Assert.IsType<PostgresGrainDirectory>(Assert.Single(provider.GetServices<IGrainDirectory>()));
    }

    [Fact]
    public void Storage_OnAnotherDatabase_IsNotFenced()
    {
        using var provider = Build(Database, silo => silo
            .AddPostgresGrainStorage(configure: o => o.ConnectionString = OtherDatabase)
            .UsePostgresClustering());

        Assert.False(FencedStorage(provider).IsFenced);
    }

    [Fact]
    public void Storage_WithFencingTurnedOff_IsNotFenced()
    {
        using var provider = Build(Database, silo => silo
            .AddPostgresGrainStorage(configure: o => o.FenceWritesByDirectory = false)
            .UsePostgresClustering());

        Assert.False(FencedStorage(provider).IsFenced);
    }

    [Fact]
    public void Storage_WithoutPostgresClustering_IsFencedOnlyWhenAskedTo()
    {
        using var provider = Build(Database, silo => silo
            .AddPostgresGrainStorage()
            .AddPostgresGrainStorage("Fenced", o => o.FenceWritesByDirectory = true));

        Assert.False(FencedStorage(provider).IsFenced);
        Assert.True(FencedStorage(provider, "Fenced").IsFenced);
        Assert.Null(provider.GetService<IMembershipTable>());
    }

    [Fact]
    public void UsePostgresClustering_BindsTheFenceSettingFromConfiguration()
    {
        using var provider = Build(
            Database,
            silo => silo.AddPostgresGrainStorage().UsePostgresClustering(),
            new Dictionary<string, string?> { ["Harness:Storage:Postgres:FenceWritesByDirectory"] = "false" });

        Assert.False(FencedStorage(provider).IsFenced);
    }

    [PostgresFact]
    public async Task FencedStorage_WritesAsTheLocalSiloOfTheService()
    {
        using var schema = new PostgresTestSchema();
        using var provider = Build(schema.ConnectionString, silo =>
        {
            silo.Services.AddSingleton<ISiloStatus>(new FixedSiloStatus(Me));
            silo.AddPostgresGrainStorage().UsePostgresClustering();
        });
        var storage = FencedStorage(provider);
        var grain = new GrainId("counter", "1");

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("counter", grain, new TestGrainState<CounterState>(), CancellationToken.None));
        await provider.GetRequiredService<IGrainDirectory>().RegisterAsync(new GrainAddress(grain, Me), null, CancellationToken.None);
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 3 } };
        await storage.WriteStateAsync("counter", grain, state, CancellationToken.None);

        Assert.Equal("1", state.ETag);
        Assert.Equal(1L, schema.Scalar("SELECT COUNT(*) FROM harness_grain_state;"));
    }

    private static PostgresGrainStorage FencedStorage(IServiceProvider provider, string name = GrainStorageNames.Default) =>
        Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>(name));

    private static ServiceProvider Build(string connectionString, Action<ISiloBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PostgresStorageOptions.ConfigurationSectionName + ":ConnectionString"] = connectionString })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        configure(new SiloBuilder(services, configuration));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class FixedSiloStatus(SiloAddress address) : ISiloStatus
    {
        public SiloStatus Status => SiloStatus.Active;

        public SiloAddress Address => address;

        public string SiloName => "test";

        public int ActivationCount => 0;

        public string? StartupFailure => null;
    }
}
