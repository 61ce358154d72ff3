using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Harness.Silo.Tests;

public sealed class SiloStartupHealthTests
{
    [Fact]
    public async Task UnreachablePostgres_HealthAnswersUnhealthyJoining_WhileTheSiloKeepsRetrying()
    {
        var httpPort = FreePort();
        var deadDatabasePort = FreePort();
        await using var app = SiloApplication.Build(
        [
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Harness:Storage:Postgres:ConnectionString=Host=127.0.0.1;Port={deadDatabasePort};Username=harness;Password=harness;Database=harness;Timeout=1",
            "--Harness:Storage:Postgres:StartupRetryDelay=00:00:00.200",
            "--Harness:Storage:Postgres:StartupTimeout=00:05:00",
            "--Harness:Silo:SiloPort=" + FreePort(),
        ]);
        using var stopStarting = new CancellationTokenSource();
        var starting = app.StartAsync(stopStarting.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var response = await PollAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("Joining", body.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.False(starting.IsCompleted, "the silo gave up instead of retrying the database");

        await stopStarting.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => starting);
    }

    private static async Task<HttpResponseMessage> PollAsync(HttpClient http)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await http.GetAsync(new Uri("/health", UriKind.Relative));
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
