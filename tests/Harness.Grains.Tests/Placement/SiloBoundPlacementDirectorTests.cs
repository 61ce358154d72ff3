using Harness.GrainInterfaces.Devices;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Grains.Tests.Placement.FakePlacementContext;

namespace Harness.Grains.Tests.Placement;

public sealed class SiloBoundPlacementDirectorTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IPlacementDirector _director;
    private readonly FakePlacementContext _context = new(Silo(1, 0), Silo(2, 0), Silo(3, 0));

    public SiloBoundPlacementDirectorTests()
    {
        var services = new ServiceCollection();
        new TestSiloBuilder(services).AddSiloBoundPlacement();
        _services = services.BuildServiceProvider();
        _director = _services.GetRequiredKeyedService<IPlacementDirector>(typeof(SiloBoundPlacement));
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task PlacesOnTheSiloNamedInTheKey()
    {
        var owner = new SiloAddress("127.0.0.1", 2, 1);

        Assert.Equal(owner, await PlaceAsync(DeviceGrainKeys.For(owner, "gpu0")));
    }

    [Fact]
    public async Task ASiloThatIsNotActiveFailsNamingTheGrainAndTheSilo()
    {
        var gone = new SiloAddress("127.0.0.1", 2, 0);
        var key = DeviceGrainKeys.For(gone, "gpu0");

        var error = await Assert.ThrowsAsync<PlacementException>(() => PlaceAsync(key).AsTask());

        Assert.Equal($"Device grain {key} belongs to silo 127.0.0.1:2@0, which is not an active member of this cluster.", error.Message);
    }

    [Fact]
    public async Task AKeyWithoutADeviceIdFailsNamingTheShape()
    {
        var error = await Assert.ThrowsAsync<PlacementException>(() => PlaceAsync("127.0.0.1:2@1").AsTask());

        Assert.Contains("'127.0.0.1:2@1' is not '<silo address>/<device id>'", error.Message, StringComparison.Ordinal);
    }

    private ValueTask<SiloAddress> PlaceAsync(string key) =>
        _director.OnAddActivationAsync(SiloBoundPlacement.Instance, new PlacementTarget(new GrainId("device", key), typeof(SiloBoundPlacementDirectorTests)), _context, default);
}
