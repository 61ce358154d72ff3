using Harness.Grains;
using Harness.Grains.Inference.Cpu;
using Harness.Runtime.Postgres;
using Harness.Runtime.Hosting;
using Harness.Silo.Api;
using Harness.Silo.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harness.Silo;

/// <summary>
/// The silo host: the embedded single-silo cluster (SQLite under ./data, in-silo streams, the CPU transformer
/// serving the models under ./data/models, generating the demo models there when missing) with its HTTP
/// endpoints on Kestrel; with <c>Harness:Storage:Postgres:ConnectionString</c> set, state and reminders live
/// in PostgreSQL instead, and with <c>Harness:Silo:SiloPort</c> set as well the silo is a member of the cluster
/// whose membership and grain directory are in that database. Settings come from appsettings.json,
/// <c>HARNESS__...</c> environment variables and the command line (<c>--Harness:Silo:SiloName=...</c>,
/// <c>--urls=...</c>), validated at start. The HTTP endpoints answer while the silo is still joining (a
/// database being waited for shows as an unhealthy <c>/health</c>), so orchestrators see why it is not ready.
/// </summary>
public static class SiloApplication
{
    /// <summary>Builds the application from command-line arguments.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(45);
            o.ServicesStartConcurrently = true;
        });
        var usePostgres = !string.IsNullOrWhiteSpace(builder.Configuration[$"{PostgresStorageOptions.ConfigurationSectionName}:{nameof(PostgresStorageOptions.ConnectionString)}"]);
        var joinCluster = usePostgres && builder.Configuration.GetValue<int>("Harness:Silo:SiloPort") != 0;
        builder.AddHarnessSilo(silo =>
        {
            silo.AddHarnessGrains().AddCpuInference().AddMemoryStreams("Default");
            if (usePostgres)
            {
                silo.AddPostgresGrainStorage().UsePostgresReminders();
                if (joinCluster)
                {
                    silo.UsePostgresClustering();
                }
            }
            else
            {
                silo.AddSqliteGrainStorage().UseSqliteReminders();
            }
        });
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        builder.Services.AddSiloApi(builder.Configuration);
        builder.Services.AddSamples(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapSiloApi();
        app.MapSampleShop();
        app.Lifetime.ApplicationStarted.Register(() => SiloLog.Listening(app));
        return app;
    }
}
