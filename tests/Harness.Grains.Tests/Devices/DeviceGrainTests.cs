using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.Grains.Tests.Agents;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Grains.Tests.Devices;

public sealed class DeviceGrainTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan LongSlice = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainsTestSilo.StartAsync(configuration: new Dictionary<string, string?>
    {
        ["Harness:Devices:UseNvml"] = "false",
        ["Harness:Devices:CpuMemoryMb"] = "4096",
        ["Harness:Devices:BackgroundShare"] = "0.25",
        ["Harness:Devices:SweepInterval"] = "00:00:00.050",
        ["Harness:Devices:Declared:0:Id"] = "gpu0",
        ["Harness:Devices:Declared:0:Kind"] = "gpu",
        ["Harness:Devices:Declared:0:Name"] = "Test GPU",
        ["Harness:Devices:Declared:0:VramMb"] = "1000",
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task GrantsALeaseThatFits()
    {
        var device = Device("gpu0");

        var grant = await device.RequestLease(Request("a", 600, QosClass.Standard));

        Assert.Equal(("a", 600L, QosClass.Standard), (grant.HolderId, grant.VramMb, grant.Qos));
        Assert.True(grant.ExpiresAt > grant.GrantedAt);
        var status = await device.GetStatus();
        Assert.Equal((1000L, 400L), (status.TotalVramMb, status.FreeVramMb));
        Assert.Equal(grant.LeaseId, Assert.Single(status.Leases).LeaseId);
        Assert.Equal("Test GPU", status.Device.Name);
    }

    [Fact]
    public async Task CpuDeviceIsAlwaysThere()
    {
        var status = await Device("cpu").GetStatus();

        Assert.Equal(("cpu", 4096L, 4096L), (status.Device.Kind, status.TotalVramMb, status.FreeVramMb));
    }

    [Fact]
    public async Task QueuesWhenFullAndGrantsAfterRelease()
    {
        var device = Device("gpu0");
        var first = await device.RequestLease(Request("a", 800, QosClass.Standard));

        var second = device.RequestLease(Request("b", 300, QosClass.Standard));
        await WaitForAsync(device, s => s.StandardQueued == 1);
        Assert.False(second.IsCompleted);
        Assert.Equal(200, (await device.GetStatus()).FreeVramMb);

        Assert.True(await device.ReleaseLease(first.LeaseId));
        var granted = await second.WaitAsync(Wait);

        Assert.Equal("b", granted.HolderId);
        Assert.False(await device.ReleaseLease(first.LeaseId));
        Assert.Equal(700, (await device.GetStatus()).FreeVramMb);
    }

    [Fact]
    public async Task RealtimeIsGrantedBeforeAnEarlierBackgroundRequest()
    {
        var device = Device("gpu0");
        var holder = await device.RequestLease(Request("holder", 1000, QosClass.Standard));
        var background = device.RequestLease(Request("bg", 800, QosClass.Background));
        await WaitForAsync(device, s => s.BackgroundQueued == 1);
        var realtime = device.RequestLease(Request("rt", 800, QosClass.Realtime));
        await WaitForAsync(device, s => s.RealtimeQueued == 1);

        await device.ReleaseLease(holder.LeaseId);
        var rt = await realtime.WaitAsync(Wait);

        Assert.Equal("rt", rt.HolderId);
        Assert.False(background.IsCompleted);
        await device.ReleaseLease(rt.LeaseId);
        Assert.Equal("bg", (await background.WaitAsync(Wait)).HolderId);
    }

    [Fact]
    public async Task BackgroundIsHeldToItsShareUnderContention()
    {
        var device = Device("gpu0");
        var standard = await device.RequestLease(Request("std", 600, QosClass.Standard));
        var realtime = device.RequestLease(Request("rt", 500, QosClass.Realtime));
        await WaitForAsync(device, s => s.RealtimeQueued == 1);

        // Contended: 400 MiB free, but background may hold only 250 of the 1000.
        var bg1 = await device.RequestLease(Request("bg1", 200, QosClass.Background)).WaitAsync(Wait);
        var bg2 = device.RequestLease(Request("bg2", 100, QosClass.Background));
        await WaitForAsync(device, s => s.BackgroundQueued == 1);
        Assert.False(bg2.IsCompleted);
        Assert.Equal(200, (await device.GetStatus()).FreeVramMb);

        // The realtime request gets the VRAM; with nothing but background waiting, the share no longer applies.
        await device.ReleaseLease(standard.LeaseId);
        Assert.Equal("rt", (await realtime.WaitAsync(Wait)).HolderId);
        Assert.Equal("bg2", (await bg2.WaitAsync(Wait)).HolderId);
        var status = await device.GetStatus();
        Assert.Equal(200, status.FreeVramMb);
        Assert.Equal(300, status.Leases.Where(l => l.Qos == QosClass.Background).Sum(l => l.VramMb));
        Assert.Equal("bg1", bg1.HolderId);
    }

    [Fact]
    public async Task NeverOversubscribesUnderConcurrentRequests()
    {
        var device = Device("gpu0");
        var requests = Enumerable.Range(0, 20)
            .Select(i => device.RequestLease(Request($"c{i}", 150, (QosClass)(i % 3)) with { WaitTimeout = TimeSpan.FromMilliseconds(300) }))
            .ToList();

        var results = await Task.WhenAll(requests.Select(async r =>
        {
            try
            {
                return await r;
            }
            catch (TimeoutException)
            {
                return null;
            }
        }));

        Assert.Equal(6, results.Count(r => r is not null));
        var status = await device.GetStatus();
        Assert.Equal(100, status.FreeVramMb);
        Assert.Equal((0, 0, 0), (status.RealtimeQueued, status.StandardQueued, status.BackgroundQueued));
    }

    [Fact]
    public async Task UnrenewedLeaseExpiresAndItsVramGoesToTheQueue()
    {
        var device = Device("gpu0");
        var dying = await device.RequestLease(Request("dying", 1000, QosClass.Background) with { TimeSlice = TimeSpan.FromMilliseconds(200) });
        var waiting = device.RequestLease(Request("next", 500, QosClass.Standard));

        var granted = await waiting.WaitAsync(Wait);

        Assert.Equal("next", granted.HolderId);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => device.RenewLease(dying.LeaseId));
        var status = await device.GetStatus();
        Assert.Equal(500, status.FreeVramMb);
    }

    [Fact]
    public async Task RenewedLeaseOutlivesItsTimeSlice()
    {
        var device = Device("gpu0");
        var slice = TimeSpan.FromMilliseconds(1500);
        var lease = await device.RequestLease(Request("alive", 400, QosClass.Standard) with { TimeSlice = slice });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        while (clock.Elapsed < slice * 2)
        {
            await Task.Delay(100);
            var renewed = await device.RenewLease(lease.LeaseId);
            Assert.True(renewed.ExpiresAt > lease.ExpiresAt);
        }

        Assert.Equal(lease.LeaseId, Assert.Single((await device.GetStatus()).Leases).LeaseId);
    }

    [Fact]
    public async Task RejectsInvalidRequestsNamingTheField()
    {
        var device = Device("gpu0");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => device.RequestLease(Request("x", -1, QosClass.Standard)));
        Assert.Contains("vramMb", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ArgumentException>(() => device.RequestLease(Request("x", 1, QosClass.Standard) with { TimeSlice = TimeSpan.Zero }));
        Assert.Contains("timeSlice", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => device.RenewLease("gpu0-999"));
    }

    [Fact]
    public async Task CapabilitiesAdvertiseFreeVramAfterLeases()
    {
        var device = Device("gpu0");
        var lease = await device.RequestLease(Request("a", 300, QosClass.Standard));

        var devices = _silo.Services.GetServices<ISiloCapabilitiesProvider>().SelectMany(p => p.GetDevices()).ToList();

        var gpu = Assert.Single(devices, d => d.Id == "gpu0");
        Assert.Equal((1000 * MiB, 700 * MiB), (gpu.TotalMemoryBytes, gpu.FreeMemoryBytes));
        Assert.Contains(devices, d => d.Id == "cpu" && d.FreeMemoryBytes == 4096 * MiB);

        await device.ReleaseLease(lease.LeaseId);
        gpu = Assert.Single(_silo.Services.GetServices<ISiloCapabilitiesProvider>().SelectMany(p => p.GetDevices()), d => d.Id == "gpu0");
        Assert.Equal(1000 * MiB, gpu.FreeMemoryBytes);
    }

    [Fact]
    public async Task IdleModelsAreEvictedBeforeLeasesArePreempted_ButNotTheModelAWaitingRequestNeeds()
    {
        var device = Device("gpu0");
        var tiny = await device.RequestLease(Request("a", 0, QosClass.Standard) with { Model = "m", ModelMb = 600 });
        Assert.True(await device.ReleaseLease(tiny.LeaseId));

        // Resident: m idle (600 MiB); a background lease of 300 MiB using model x (100 MiB). Free: 0.
        var background = await device.RequestLease(Request("bg", 300, QosClass.Background) with { Model = "x", ModelMb = 100, PreemptionKey = "bg-key" });
        Assert.Equal(0, (await device.GetStatus()).FreeVramMb);

        // A realtime request for m needs 100 MiB beyond m's weights: evicting m cannot help it, so the background lease
        // is signalled.
        var realtime = device.RequestLease(Request("rt", 100, QosClass.Realtime) with { Model = "m", ModelMb = 600 });
        await WaitForAsync(device, s => s.RealtimeQueued == 1);
        Assert.Equal([background.LeaseId], (await device.GetStatus()).PreemptingLeases);

        Assert.True(await device.ReleaseLease(background.LeaseId));
        var granted = await realtime.WaitAsync(Wait);
        Assert.True(granted.ModelWasResident);
        var status = await device.GetStatus();
        Assert.Equal(["m", "x"], status.ResidentModels.Select(m => m.Model));
        Assert.Empty(status.PreemptingLeases);
    }

    [Fact]
    public async Task IdleModelIsEvictedForANewOne_WithoutPreemptingAnyLease()
    {
        var device = Device("gpu0");
        var first = await device.RequestLease(Request("a", 0, QosClass.Standard) with { Model = "old", ModelMb = 700 });
        Assert.True(await device.ReleaseLease(first.LeaseId));
        var background = await device.RequestLease(Request("bg", 200, QosClass.Background) with { PreemptionKey = "bg-key" });

        var granted = await device.RequestLease(Request("rt", 100, QosClass.Realtime) with { Model = "new", ModelMb = 600 }).WaitAsync(Wait);

        Assert.False(granted.ModelWasResident);
        var status = await device.GetStatus();
        Assert.Equal(["new"], status.ResidentModels.Select(m => m.Model));
        Assert.Empty(status.PreemptingLeases);
        Assert.Contains(status.Leases, l => l.LeaseId == background.LeaseId);
    }

    [Fact]
    public async Task ForgottenModel_GoesWhenUnused_AndTheNextLeaseOfItLoadsItAgain()
    {
        var device = Device("gpu0");
        var a = await device.RequestLease(Request("a", 0, QosClass.Standard) with { Model = "m", ModelMb = 100 });

        // Its load failed while a still holds it: it stays counted until a ends, unless another lease loads it again.
        await device.ForgetModel("m");
        Assert.Equal(["m"], (await device.GetStatus()).ResidentModels.Select(m => m.Model));
        var b = await device.RequestLease(Request("b", 0, QosClass.Standard) with { Model = "m", ModelMb = 100 });
        Assert.False(b.ModelWasResident);

        Assert.True(await device.ReleaseLease(a.LeaseId));
        Assert.True(await device.ReleaseLease(b.LeaseId));
        Assert.Equal(["m"], (await device.GetStatus()).ResidentModels.Select(m => m.Model));

        await device.ForgetModel("m");
        var status = await device.GetStatus();
        Assert.Empty(status.ResidentModels);
        Assert.Equal(1000, status.FreeVramMb);
    }

    private static LeaseRequest Request(string holder, long vramMb, QosClass qos) =>
        new() { HolderId = holder, VramMb = vramMb, Qos = qos, TimeSlice = LongSlice };

    private static async Task WaitForAsync(IDeviceGrain device, Func<DeviceStatus, bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(await device.GetStatus()))
        {
            Assert.True(clock.Elapsed < Wait, "The device never reached the expected state.");
            await Task.Delay(10);
        }
    }

    private IDeviceGrain Device(string id)
    {
        var silo = _silo.Services.GetRequiredService<ISiloStatus>().Address;
        return _silo.GrainFactory.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(silo, id));
    }
}
