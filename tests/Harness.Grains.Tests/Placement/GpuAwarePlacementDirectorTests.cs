using Harness.GrainInterfaces.Inference;
using Harness.Grains.Placement;
using Harness.Runtime;
using Harness.Runtime.Configuration;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static Harness.Grains.Tests.Placement.FakePlacementContext;

namespace Harness.Grains.Tests.Placement;

public sealed class GpuAwarePlacementDirectorTests : IDisposable
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private readonly ManualTimeProvider _time = new();
    private readonly ServiceProvider _services;
    private readonly IPlacementDirector _director;
    private int _executions;

    public GpuAwarePlacementDirectorTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<ClusterOptions>(o => o.HeartbeatPeriod = Heartbeat);
        new TestSiloBuilder(services).AddGpuAwarePlacement();
        _services = services.BuildServiceProvider();
        _director = _services.GetRequiredKeyedService<IPlacementDirector>(typeof(GpuAwarePlacement));
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task PlacesOnTheOnlyDeviceThatFits()
    {
        var context = new FakePlacementContext(
            Silo(1, 0, Gpu("gpu0", 1000, 300)),
            Silo(2, 0, Gpu("gpu0", 1000, 500)),
            Silo(3, 0, new DeviceCapability("npu0", "npu", "npu0", 8L << 30, 8L << 30, 0, [])));

        Assert.Equal(2, (await PlaceAsync(context, 400)).Port);
    }

    [Fact]
    public async Task PrefersADeviceWithTheModelResidentOverAFreerOne()
    {
        var context = new FakePlacementContext(
            Silo(1, 0, Gpu("gpu0", 1000, 900)),
            Silo(2, 0, Gpu("gpu0", 1000, 500, "other", "llama-8b")));

        Assert.Equal(2, (await PlaceAsync(context, 400, "llama-8b")).Port);
        Assert.Equal(1, (await PlaceAsync(context, 400, "mistral-7b")).Port);
    }

    [Fact]
    public async Task PrefersTheLeastLoadedDeviceThenFewerActivations()
    {
        var freer = new FakePlacementContext(
            Silo(1, 0, Gpu("gpu0", 1000, 500), Gpu("gpu1", 1000, 600)),
            Silo(2, 0, Gpu("gpu0", 2000, 700)));
        Assert.Equal(2, (await PlaceAsync(freer, 100)).Port);

        // Other silos: the first decision's reservation on silo 2 must not count here.
        var tied = new FakePlacementContext(Silo(4, 7, Gpu("gpu0", 1000, 800)), Silo(5, 3, Gpu("gpu0", 1000, 800)));
        Assert.Equal(5, (await PlaceAsync(tied, 100)).Port);
    }

    [Fact]
    public async Task EqualCandidatesAreDecidedByAddressSoTheAnswerIsDeterministic()
    {
        var context = new FakePlacementContext(Silo(3, 0, Gpu("gpu0", 1000, 800)), Silo(1, 0, Gpu("gpu0", 1000, 800)), Silo(2, 0, Gpu("gpu0", 1000, 800)));

        Assert.Equal(1, (await PlaceAsync(context, 100)).Port);
    }

    [Fact]
    public async Task WhenNothingFitsNowQueuesOnADeviceWhoseTotalHoldsTheDemand()
    {
        // 20 GiB fits nowhere now; only the 24 GiB device can ever hold it, however busy it is.
        var context = new FakePlacementContext(
            Silo(1, 0, Gpu("gpu0", 16384, 16384)),
            Silo(2, 0, Gpu("gpu0", 24576, 4096)),
            Silo(3, 0, Gpu("gpu0", 16384, 0)));

        Assert.Equal(2, (await PlaceAsync(context, 20480)).Port);
    }

    [Fact]
    public async Task WhenNothingFitsNowQueuesBehindTheLeastOutstandingDemand()
    {
        var context = new FakePlacementContext(
            Silo(1, 0, Gpu("gpu0", 24576, 1024)),
            Silo(2, 0, Gpu("gpu0", 16384, 2048)),
            Silo(3, 0, Gpu("gpu0", 16384, 0)));

        // Outstanding: 23 GiB, 14 GiB, 16 GiB.
        Assert.Equal(2, (await PlaceAsync(context, 8192)).Port);

        // The first queued request counts against its device too: 14 + 8 = 22 GiB, so the next goes to silo 3 (16 GiB).
        Assert.Equal(3, (await PlaceAsync(context, 8192)).Port);
    }

    [Fact]
    public async Task NoDeviceOfTheKindFailsNamingKindAndWhatTheClusterHas()
    {
        var context = new FakePlacementContext(Silo(1, 0, Gpu("gpu0", 1000, 1000)));

        var error = await Assert.ThrowsAsync<PlacementException>(() => PlaceAsync(context, 100, kind: "npu").AsTask());

        Assert.Contains("npu device with 100 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("no npu device (device kinds: gpu; 1 active silo(s))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADemandLargerThanEveryDeviceFailsNamingTheDevices()
    {
        var context = new FakePlacementContext(Silo(1, 0, Gpu("gpu0", 24576, 24576)), Silo(2, 0, Gpu("gpu0", 16384, 16384)));

        var error = await Assert.ThrowsAsync<PlacementException>(() => PlaceAsync(context, 40960).AsTask());

        Assert.Contains("gpu device with 40960 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpu0 on 127.0.0.1:1@1 (24576 MiB), gpu0 on 127.0.0.1:2@1 (16384 MiB)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyThatIsNotAnInferenceKeyFailsNamingTheKeyAndTheShape()
    {
        var context = new FakePlacementContext(Silo(1, 0, Gpu("gpu0", 1000, 1000)));
        var target = new PlacementTarget(new GrainId("inference", "gpu|lots|llama"), typeof(GpuAwarePlacementDirectorTests));

        var error = await Assert.ThrowsAsync<PlacementException>(() => _director.OnAddActivationAsync(GpuAwarePlacement.Instance, target, context, default).AsTask());

        Assert.Contains("'gpu|lots|llama'", error.Message, StringComparison.Ordinal);
        Assert.Contains("{deviceKind}|{vramMb}|{model}|{executionId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentDecisionsWithinOneHeartbeatSpreadInsteadOfHerding()
    {
        // The advertisements never change (no heartbeat within the test): only the director's own reservations spread the load.
        var context = new FakePlacementContext(Silo(1, 0, Gpu("gpu0", 1000, 1000)), Silo(2, 0, Gpu("gpu0", 1000, 1000)), Silo(3, 0, Gpu("gpu0", 1000, 1000)));
        var placed = new SiloAddress[6];

        await Parallel.ForAsync(0, placed.Length, async (i, _) => placed[i] = await PlaceAsync(context, 400));

        Assert.Equal([(1, 2), (2, 2), (3, 2)], placed.GroupBy(s => s.Port).Select(g => (g.Key, g.Count())).Order().ToArray());
    }

    [Fact]
    public async Task ReservationsExpireAfterTwoHeartbeatPeriodsByDefault()
    {
        var context = new FakePlacementContext(Silo(1, 0, Gpu("gpu0", 1000, 1000)), Silo(2, 0, Gpu("gpu0", 1000, 1000)));
        Assert.Equal(1, (await PlaceAsync(context, 400)).Port);

        _time.Advance((2 * Heartbeat) - TimeSpan.FromTicks(1));
        Assert.Equal(2, (await PlaceAsync(context, 400)).Port);

        // Silo 1's reservation is gone; silo 2's (one tick old) is not.
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, (await PlaceAsync(context, 400)).Port);
    }

    [Fact]
    public void ANonPositiveReservationWindowFailsValidationNamingTheSetting()
    {
        var result = new GpuAwarePlacementOptionsValidator().Validate(null, new GpuAwarePlacementOptions { ReservationWindow = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Harness:Placement:GpuAware:ReservationWindow must be positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReservationWindowIsBoundFromConfigurationAndValidatedWhenRead()
    {
        var services = new ServiceCollection();
        new TestSiloBuilder(services, new Dictionary<string, string?> { ["Harness:Placement:GpuAware:ReservationWindow"] = "-00:00:01" }).AddGpuAwarePlacement();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GpuAwarePlacementOptions>>().Value);

        Assert.Contains("ReservationWindow", error.Message, StringComparison.Ordinal);
    }

    private ValueTask<SiloAddress> PlaceAsync(IPlacementContext context, long vramMb, string model = "llama-8b", string kind = "gpu")
    {
        var key = InferenceGrainKeys.For(kind, vramMb, model, "exec-" + Interlocked.Increment(ref _executions));
        var target = new PlacementTarget(new GrainId("inference", key), typeof(GpuAwarePlacementDirectorTests));
        return _director.OnAddActivationAsync(GpuAwarePlacement.Instance, target, context, default);
    }
}
