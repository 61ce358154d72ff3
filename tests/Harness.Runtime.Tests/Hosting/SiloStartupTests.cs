using Harness.Runtime.Hosting;
using Harness.Runtime.Sqlite;
using Harness.Runtime.Storage;
using Harness.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Runtime.Tests.Hosting;

public sealed class SiloStartupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "harness-startup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task UnknownStorageName_FailsStart_NamingGrainParameterAndStore()
    {
        using var host = TestSilo.Build(s => s.AddGrainAssemblyOf<MisconfiguredStateGrain>(), testPlacement: true);

        var error = await Assert.ThrowsAsync<SiloStartupException>(() => host.StartAsync());

        Assert.Contains("MisconfiguredStateGrain, parameter 'counter': storage provider 'NoSuchStore' is not registered (registered: Default)", error.Message);
    }

    [Fact]
    public async Task BadConfigurationValue_FailsStart_NamingTheSetting()
    {
        using var host = TestSilo.Build(
            settings: new Dictionary<string, string?> { ["Harness:GrainCollection:CollectionAge"] = "-00:01:00" },
            testPlacement: true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Harness:GrainCollection:CollectionAge must be a positive duration", error.Message);
    }

    [Fact]
    public async Task CorruptSqliteFile_FailsStart_NamingTheFile()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "corrupt.db");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        using var host = TestSilo.Build(s => s.AddSqliteGrainStorage(configure: o => o.DataSource = path), defaultProviders: false, testPlacement: true);

        var error = await Assert.ThrowsAsync<SqliteStorageStartupException>(() => host.StartAsync());

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task StartedSilo_ReportsActive_AndDeadAfterStop()
    {
        var silo = await TestSilo.StartAsync();
        Assert.Equal(SiloStatus.Active, silo.Status.Status);
        await silo.StopAsync();
        Assert.Equal(SiloStatus.Dead, silo.Status.Status);
        await silo.DisposeAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

public interface IMisconfiguredStateGrain : IGrainWithStringKey
{
    Task<int> Get();
}

public sealed class MisconfiguredStateGrain([PersistentState("counter", "NoSuchStore")] IPersistentState<TestGrains.CounterState> counter) : Grain, IMisconfiguredStateGrain
{
    public Task<int> Get() => Task.FromResult(counter.State.Value);
}
