using Harness.Client.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Harness.Cli.Tests.Silo;

/// <summary>The real silo host (its Program, with the /api routes) in memory, SQLite in a temporary directory.</summary>
public sealed class RealSiloFixture : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "harness-cli-silo-" + Guid.NewGuid().ToString("N"));

    public Uri BaseAddress { get; } = new("http://localhost/");

    /// <summary>Creates an HTTP client whose requests go to the in-memory silo, whatever base address it is given.</summary>
    public HttpClient CreateHttpClient(Uri baseAddress) => new(Server.CreateHandler()) { BaseAddress = baseAddress };

    public HarnessApiClient CreateApiClient() => new(CreateHttpClient(BaseAddress));

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder
            .UseSetting("Harness:Storage:Sqlite:DataSource", Path.Combine(_directory, "silo.db"))
            .UseSetting("Harness:Inference:Cpu:ModelsPath", Path.Combine(_directory, "models"));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
