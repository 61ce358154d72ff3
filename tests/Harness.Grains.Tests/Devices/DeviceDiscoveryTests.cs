using System.Runtime.InteropServices;
using Harness.Grains.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Grains.Tests.Devices;

public sealed class DeviceDiscoveryTests
{
    [Fact]
    public void NvmlDiscoveryNeverThrowsAndFindsNothingWithoutTheLibrary()
    {
        var devices = new NvmlDeviceDiscovery(NullLogger<NvmlDeviceDiscovery>.Instance).Discover();

        if (NativeLibrary.TryLoad("libnvidia-ml.so.1", out var handle))
        {
            NativeLibrary.Free(handle);
            Assert.All(devices, d => Assert.Equal("gpu", d.Kind));
        }
        else
        {
            Assert.Empty(devices);
        }
    }

    [Fact]
    public void InventoryHasConfiguredDevicesAndAlwaysTheCpu()
    {
        var options = new DeviceOptions { UseNvml = false };
        options.Declared.Add(new DeviceDeclaration { Id = "npu0", Kind = "npu", Name = "Test NPU", VramMb = 8192, Endpoint = "http://localhost:9000/v1" });
        options.Declared.Add(new DeviceDeclaration { Id = "gpu0", Kind = "gpu", VramMb = 24576 });

        var inventory = new DeviceInventory(Options.Create(options), new NvmlDeviceDiscovery(NullLogger<NvmlDeviceDiscovery>.Instance));

        Assert.Equal(["npu0", "gpu0", "cpu"], inventory.Devices.Select(d => d.Id));
        var npu = inventory.Find("npu0")!;
        Assert.Equal(("npu", "Test NPU", 8192L, "http://localhost:9000/v1", "configuration"), (npu.Kind, npu.Name, npu.VramMb, npu.Endpoint, npu.Source));
        Assert.Equal("gpu0", inventory.Find("gpu0")!.Name);
        var cpu = inventory.Find("cpu")!;
        Assert.Equal(("cpu", "builtin"), (cpu.Kind, cpu.Source));
        Assert.True(cpu.VramMb > 0);
    }

    [Fact]
    public void CpuUsesTheConfiguredRamBudget()
    {
        var options = new DeviceOptions { UseNvml = false, CpuMemoryMb = 2048 };

        var inventory = new DeviceInventory(Options.Create(options), new NvmlDeviceDiscovery(NullLogger<NvmlDeviceDiscovery>.Instance));

        Assert.Equal(2048, Assert.Single(inventory.Devices).VramMb);
    }

    [Fact]
    public void ValidationNamesTheIndexAndField()
    {
        var options = new DeviceOptions { BackgroundShare = 1.5 };
        options.Declared.Add(new DeviceDeclaration { Id = "gpu0", Kind = "gpu", VramMb = 1000 });
        options.Declared.Add(new DeviceDeclaration { Id = "gpu1", Kind = "gpu", VramMb = 0, Endpoint = "not a uri" });
        options.Declared.Add(new DeviceDeclaration { Id = "gpu0", Kind = string.Empty, VramMb = 10 });

        var result = new DeviceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Harness:Devices:Declared:1:VramMb", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Harness:Devices:Declared:1:Endpoint", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Harness:Devices:Declared:2:Id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Harness:Devices:Declared:2:Kind", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Harness:Devices:BackgroundShare", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(":Declared:0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SiloRefusesToStartWithAnInvalidDevice()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Harness:Devices:UseNvml"] = "false",
            ["Harness:Devices:Declared:0:Id"] = "gpu0",
            ["Harness:Devices:Declared:0:Kind"] = "gpu",
            ["Harness:Devices:Declared:0:VramMb"] = "-5",
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Agents.GrainsTestSilo.StartAsync(configuration: configuration));

        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Harness:Devices:Declared:0:VramMb", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
