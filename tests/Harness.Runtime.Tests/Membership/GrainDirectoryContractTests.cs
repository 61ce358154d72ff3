using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Xunit;

namespace Harness.Runtime.Tests.Membership;

/// <summary>What every <see cref="IGrainDirectory"/> must do; each implementation runs these against its own store.</summary>
public abstract class GrainDirectoryContractTests
{
    protected static readonly GrainId Grain = new("device", "7");
    protected static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1000);
    protected static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1000);
    protected static readonly SiloAddress SiloC = new("10.0.0.3", 11111, 1000);

    protected abstract IGrainDirectory Directory { get; }

    /// <summary>Another directory over the same store (another silo's view).</summary>
    protected abstract IGrainDirectory Reopen();

    [Fact]
    public async Task Register_First_WinsAndIsLookedUp()
    {
        var registered = await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloA), registered);
        Assert.Equal(new GrainAddress(Grain, SiloA), await Reopen().LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Lookup_Unregistered_ReturnsNull()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        Assert.Null(await Directory.LookupAsync(new GrainId("device", "8"), CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(new GrainId("sensor", Grain.Key), CancellationToken.None));
    }

    [Fact]
    public async Task Register_Second_GetsTheFirstAndChangesNothing()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        var registered = await Reopen().RegisterAsync(new GrainAddress(Grain, SiloB), null, CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloA), registered);
        Assert.Equal(new GrainAddress(Grain, SiloA), await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_SameSiloAgain_ReturnsItsOwnAddress()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloA), await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None));
    }

    [Fact]
    public async Task Register_FiftyConcurrentSilos_ExactlyOneWinsAndAllGetItsAddress()
    {
        var directories = new[] { Directory, Reopen(), Reopen() };
        var silos = Enumerable.Range(1, 50).Select(i => new SiloAddress($"10.0.1.{i}", 11111, 1000)).ToArray();

        var results = await Task.WhenAll(silos.Select((silo, i) => Task.Run(
            () => directories[i % directories.Length].RegisterAsync(new GrainAddress(Grain, silo), null, CancellationToken.None))));

        var winner = Assert.Single(results.Distinct());
        Assert.Single(silos, silo => silo == winner.Silo);
        Assert.Equal(winner, await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ReplacingTheCurrentEntry_TakesItOver()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        var registered = await Reopen().RegisterAsync(new GrainAddress(Grain, SiloB), new GrainAddress(Grain, SiloA), CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloB), registered);
        Assert.Equal(new GrainAddress(Grain, SiloB), await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ReplacingAnEntryThatWasAlreadyReplaced_GetsTheNewerOne()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloB), new GrainAddress(Grain, SiloA), CancellationToken.None);

        var registered = await Reopen().RegisterAsync(new GrainAddress(Grain, SiloC), new GrainAddress(Grain, SiloA), CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloB), registered);
        Assert.Equal(new GrainAddress(Grain, SiloB), await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ReplacingWithNoEntryLeft_Registers()
    {
        var registered = await Directory.RegisterAsync(new GrainAddress(Grain, SiloB), new GrainAddress(Grain, SiloA), CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloB), registered);
        Assert.Equal(new GrainAddress(Grain, SiloB), await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Register_ConcurrentReplacementsOfADeadEntry_ExactlyOneWins()
    {
        var dead = new GrainAddress(Grain, SiloA);
        await Directory.RegisterAsync(dead, null, CancellationToken.None);
        var directories = new[] { Directory, Reopen(), Reopen() };
        var silos = Enumerable.Range(1, 20).Select(i => new SiloAddress($"10.0.2.{i}", 11111, 1000)).ToArray();

        var results = await Task.WhenAll(silos.Select((silo, i) => Task.Run(
            () => directories[i % directories.Length].RegisterAsync(new GrainAddress(Grain, silo), dead, CancellationToken.None))));

        var winner = Assert.Single(results.Distinct());
        Assert.Contains(winner.Silo, silos);
        Assert.Equal(winner, await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Unregister_AnotherSilosEntry_KeepsIt()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        await Reopen().UnregisterAsync(new GrainAddress(Grain, SiloB), CancellationToken.None);
        await Reopen().UnregisterAsync(new GrainAddress(Grain, SiloA with { Generation = SiloA.Generation - 1 }), CancellationToken.None);

        Assert.Equal(new GrainAddress(Grain, SiloA), await Directory.LookupAsync(Grain, CancellationToken.None));
    }

    [Fact]
    public async Task Unregister_OwnEntry_RemovesItAndTheNextRegistrationWins()
    {
        await Directory.RegisterAsync(new GrainAddress(Grain, SiloA), null, CancellationToken.None);

        await Directory.UnregisterAsync(new GrainAddress(Grain, SiloA), CancellationToken.None);

        Assert.Null(await Reopen().LookupAsync(Grain, CancellationToken.None));
        Assert.Equal(new GrainAddress(Grain, SiloB), await Reopen().RegisterAsync(new GrainAddress(Grain, SiloB), null, CancellationToken.None));
    }

    [Fact]
    public async Task UnregisterSilo_RemovesEveryEntryOfThatSiloOnly()
    {
        var restartedA = SiloA with { Generation = SiloA.Generation + 1 };
        for (var i = 0; i < 5; i++)
        {
            await Directory.RegisterAsync(new GrainAddress(new GrainId("device", $"a{i}"), SiloA), null, CancellationToken.None);
        }

        await Directory.RegisterAsync(new GrainAddress(new GrainId("sensor", "a0"), SiloA), null, CancellationToken.None);
        await Directory.RegisterAsync(new GrainAddress(new GrainId("device", "b0"), SiloB), null, CancellationToken.None);
        await Directory.RegisterAsync(new GrainAddress(new GrainId("device", "r0"), restartedA), null, CancellationToken.None);

        Assert.Equal(6, await Reopen().UnregisterSiloAsync(SiloA, CancellationToken.None));

        Assert.Null(await Directory.LookupAsync(new GrainId("device", "a3"), CancellationToken.None));
        Assert.Null(await Directory.LookupAsync(new GrainId("sensor", "a0"), CancellationToken.None));
        Assert.Equal(SiloB, (await Directory.LookupAsync(new GrainId("device", "b0"), CancellationToken.None))?.Silo);
        Assert.Equal(restartedA, (await Directory.LookupAsync(new GrainId("device", "r0"), CancellationToken.None))?.Silo);
        Assert.Equal(0, await Directory.UnregisterSiloAsync(SiloA, CancellationToken.None));
    }
}
