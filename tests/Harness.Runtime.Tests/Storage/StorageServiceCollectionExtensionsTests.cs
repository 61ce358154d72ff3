using Harness.Runtime.Hosting;
using Harness.Runtime.Reminders;
using Harness.Runtime.Sqlite;
using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task AddSqlite_SeveralRegistrationsOfOneFile_ShareOneDatabaseStartedOnce()
    {
        using var provider = BuildProvider(services => services
            .AddSqliteGrainStorage("Default", o => o.Configure(s => s.DataSource = _file.FilePath))
            .AddSqliteGrainStorage("Archive", o => o.Configure(s => s.DataSource = _file.FilePath))
            .AddSqliteReminderTable(o => o.Configure(s => s.DataSource = _file.FilePath)));

        var startups = provider.GetServices<IStorageStartup>().ToArray();
        foreach (var startup in startups)
        {
            await startup.StartAsync(CancellationToken.None);
        }

        Assert.Equal(3, startups.Length);
        Assert.Single(startups.Distinct());
        var storage = provider.GetRequiredKeyedService<IGrainStorage>("Default");
        var archive = provider.GetRequiredKeyedService<IGrainStorage>("Archive");
        Assert.NotSame(storage, archive);
        var state = new TestGrainState<CounterState> { State = new CounterState { Count = 9 } };
        await storage.WriteStateAsync("s", new GrainId("g", "1"), state, CancellationToken.None);
        var read = new TestGrainState<CounterState>();
        await archive.ReadStateAsync("s", new GrainId("g", "1"), read, CancellationToken.None);
        Assert.Equal(9, read.State.Count);
        var eTag = await provider.GetRequiredService<IReminderTable>().UpsertAsync(
            new ReminderEntry(new GrainId("g", "1"), "r", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), null),
            CancellationToken.None);
        Assert.Equal("1", eTag);
    }

    [Fact]
    public void AddSqlite_OneFileWithConflictingSettings_Throws()
    {
        using var provider = BuildProvider(services => services
            .AddSqliteGrainStorage("Default", o => o.Configure(s => s.DataSource = _file.FilePath))
            .AddSqliteGrainStorage("Durable", o => o.Configure(s => (s.DataSource, s.Synchronous) = (_file.FilePath, SqliteSynchronousMode.Full))));

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetServices<IStorageStartup>().ToArray());

        Assert.Contains(_file.FilePath, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSqliteGrainStorage_InvalidOptions_FailsStartValidationNamingTheSetting()
    {
        using var provider = BuildProvider(services => services
            .AddSqliteGrainStorage("Default", o => o.Configure(s => s.DataSource = string.Empty)));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Harness:Storage:Sqlite:DataSource must not be empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMemoryGrainStorage_RegistersKeyedStorage()
    {
        using var provider = BuildProvider(services => services.AddMemoryGrainStorage("Memory"));

        var storage = provider.GetRequiredKeyedService<IGrainStorage>("Memory");
        await storage.WriteStateAsync("s", new GrainId("g", "1"), new TestGrainState<CounterState>(), CancellationToken.None);

        Assert.IsType<MemoryGrainStorage>(storage);
        Assert.Same(storage, provider.GetRequiredKeyedService<IGrainStorage>("Memory"));
        Assert.Null(provider.GetKeyedService<IGrainStorage>("Other"));
    }

    private static ServiceProvider BuildProvider(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
