using Harness.Grains;
using Harness.Runtime.Postgres;
using Harness.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harness.Silo;

/// <summary>
/// The silo host: the embedded single-silo cluster (SQLite under ./data, in-silo streams) with its HTTP
/// endpoints on Kestrel; with <c>Harness:Storage:Postgres:ConnectionString</c> set, state and reminders live
/// in PostgreSQL instead. Settings come from appsettings.json, <c>HARNESS__...</c> environment variables and
/// the command line (<c>--Harness:Silo:SiloName=...</c>, <c>--urls=...</c>), validated at start.
/// </summary>
public static class SiloApplication
{
    /// <summary>Builds the application from command-line arguments.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        var usePostgres = !string.IsNullOrWhiteSpace(builder.Configuration[$"{PostgresStorageOptions.ConfigurationSectionName}:{nameof(PostgresStorageOptions.ConnectionString)}"]);
        builder.AddHarnessSilo(silo =>
        {
            silo.AddHarnessGrains().AddMemoryStreams("Default");
            if (usePostgres)
            {
                silo.AddPostgresGrainStorage().UsePostgresReminders();
            }
            else
            {
                silo.AddSqliteGrainStorage().UseSqliteReminders();
            }
        });
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.Lifetime.ApplicationStarted.Register(() => SiloLog.Listening(app));
        return app;
    }
}
