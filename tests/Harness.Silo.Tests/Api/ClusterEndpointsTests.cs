using System.Net;
using System.Text.Json;
using Xunit;

namespace Harness.Silo.Tests.Api;

public sealed class ClusterEndpointsTests(ApiSiloFixture silo) : IClassFixture<ApiSiloFixture>
{
    [Fact]
    public async Task Devices_ListsTheBuiltInCpuOfTheSilo()
    {
        var response = await silo.GetAsync("/api/devices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cpu = body.RootElement.EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == "cpu");
        Assert.Contains("@", cpu.GetProperty("silo").GetString(), StringComparison.Ordinal);
        var status = cpu.GetProperty("status");
        Assert.Equal("cpu", status.GetProperty("device").GetProperty("kind").GetString());
        Assert.Equal(status.GetProperty("totalVramMb").GetInt64(), status.GetProperty("freeVramMb").GetInt64());
        Assert.False(cpu.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Silos_ListsThisSiloAsActiveAndSelf()
    {
        var response = await silo.GetAsync("/api/silos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var self = Assert.Single(body.RootElement.EnumerateArray());
        Assert.True(self.GetProperty("self").GetBoolean());
        Assert.Equal("active", self.GetProperty("status").GetString());
        Assert.Equal("silo-1", self.GetProperty("name").GetString());
        Assert.True(self.GetProperty("activationCount").GetInt32() >= 0);
        var cpu = self.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "cpu");
        Assert.Equal("cpu", cpu.GetProperty("kind").GetString());
        Assert.True(cpu.GetProperty("totalMemoryMib").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Array, cpu.GetProperty("residentModels").ValueKind);
    }
}
