using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Harness.Runtime.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Harness.Silo.Tests.Api;

/// <summary>Two real silo hosts in one process sharing an in-memory membership table: the cluster-wide views.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private readonly InMemoryMembershipTable _table = new();
    private readonly InMemoryGrainDirectory _directory = new();
    private readonly string _directoryPath = Path.Combine(Path.GetTempPath(), "harness-api-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<WebApplication> _silos = [];
    private HttpClient _second = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directoryPath);
        foreach (var name in new[] { "first", "second" })
        {
            var httpPort = FreePort();
            var silo = SiloApplication.Build(
                [
                    $"--urls=http://127.0.0.1:{httpPort}",
                    $"--Harness:Silo:SiloName={name}",
                    $"--Harness:Silo:SiloPort={FreePort()}",
                    $"--Harness:Storage:Sqlite:DataSource={Path.Combine(_directoryPath, name + ".db")}",
                    $"--Harness:Inference:Cpu:ModelsPath={Path.Combine(_directoryPath, "models")}",
                ],
                builder =>
                {
                    builder.Services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(_table));
                    builder.Services.Replace(ServiceDescriptor.Singleton<IGrainDirectory>(_directory));
                });
            _silos.Add(silo);
            await silo.StartAsync();
            _second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        }
    }

    public async Task DisposeAsync()
    {
        _second.Dispose();
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directoryPath, recursive: true);
    }

    [Fact]
    public async Task Silos_ListsBothMembers_MarkingTheOneThatAnswered()
    {
        using var body = JsonDocument.Parse(await _second.GetStringAsync(new Uri("/api/silos", UriKind.Relative)));

        var silos = body.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["first", "second"], silos.Keys.Order());
        Assert.True(silos["second"].GetProperty("self").GetBoolean());
        Assert.False(silos["first"].GetProperty("self").GetBoolean());
        Assert.All(silos.Values, s => Assert.Equal("active", s.GetProperty("status").GetString()));
        Assert.All(silos.Values, s => Assert.Contains(s.GetProperty("devices").EnumerateArray(), d => d.GetProperty("id").GetString() == "cpu"));
    }

    [Fact]
    public async Task Devices_ReportsEveryDevice_WithItsStatusOrItsSilosError()
    {
        var response = await _second.GetAsync(new Uri("/api/devices", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var devices = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, devices.Count(d => d.GetProperty("deviceId").GetString() == "cpu"));
        Assert.Equal(2, devices.Select(d => d.GetProperty("silo").GetString()).Distinct().Count());
        Assert.All(devices, d => Assert.True(d.TryGetProperty("status", out _) ^ d.TryGetProperty("error", out _)));
        var local = _silos[1].Services.GetRequiredService<Harness.Runtime.Hosting.ISiloStatus>().Address.ToString();
        Assert.True(devices.Single(d => d.GetProperty("silo").GetString() == local).TryGetProperty("status", out _));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
