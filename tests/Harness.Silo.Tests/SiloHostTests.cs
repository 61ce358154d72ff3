using System.Net;
using System.Text.Json;
using Harness.Client;
using Harness.Runtime.Sqlite;
using Microsoft.Extensions.Options;
using Xunit;

namespace Harness.Silo.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public async Task Health_IsHealthy_AfterAGrainRoundTripThroughSqlite()
    {
        using var factory = new SiloFactory();
        var client = new HarnessHttpClient(factory.CreateClient());

        var health = await client.GetHealthAsync();

        Assert.True(health.IsHealthy, health.Checks["silo"].Description);
        var data = health.Checks["silo"].Data!;
        Assert.Equal("Active", data["status"].GetString());
        Assert.Equal(1, data["probeCalls"].GetInt64());
        Assert.True(File.Exists(Path.Combine(factory.Directory, "silo.db")));
    }

    [Fact]
    public async Task UnknownRoute_AnswersProblemDetails_WithoutStackTrace()
    {
        using var factory = new SiloFactory();
        var response = await factory.CreateClient().GetAsync(new Uri("/no/such/route", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void BadSetting_FailsStart_NamingTheSetting()
    {
        using var factory = new SiloFactory(new() { ["Harness:Messaging:ResponseTimeout"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Harness:Messaging:ResponseTimeout must be a positive duration", error.Message);
    }

    [Fact]
    public void CorruptDatabaseFile_FailsStart_NamingTheFile()
    {
        using var factory = new SiloFactory();
        Directory.CreateDirectory(factory.Directory);
        var path = Path.Combine(factory.Directory, "silo.db");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0x42, 4096).ToArray());

        var error = Assert.Throws<SqliteStorageStartupException>(() => factory.CreateClient());

        Assert.Contains(path, error.Message);
    }
}
