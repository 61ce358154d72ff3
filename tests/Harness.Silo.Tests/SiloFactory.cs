using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Harness.Silo.Tests;

/// <summary>The real silo host (Program) in memory, with its SQLite file in a temporary directory.</summary>
public sealed class SiloFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public SiloFactory(Dictionary<string, string?>? settings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "harness-silo-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Harness:Storage:Sqlite:DataSource"] = Path.Combine(Directory, "silo.db"),
            ["Harness:Inference:Cpu:ModelsPath"] = Path.Combine(Directory, "models"),
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string Directory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
