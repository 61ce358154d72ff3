using Harness.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Silo;

/// <summary>The host's own log lines.</summary>
internal static partial class SiloLog
{
    /// <summary>Says where the silo listens once Kestrel is up.</summary>
    public static void Listening(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var status = app.Services.GetRequiredService<ISiloStatus>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Harness.Silo");
        foreach (var address in addresses)
        {
            var root = address.TrimEnd('/');
            Listening(logger, status.SiloName, root, root + "/api", root + "/openapi/v1.json", root + "/health");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloName} is serving on {Address}: API {ApiUrl}, OpenAPI {OpenApiUrl}, health {HealthUrl}")]
    private static partial void Listening(ILogger logger, string siloName, string address, string apiUrl, string openApiUrl, string healthUrl);
}
