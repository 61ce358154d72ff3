using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.GrainInterfaces.Agents;
using Harness.Runtime;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Samples;

/// <summary>
/// Registers the sample agent definitions once the silo is active and puts them online. Registering a version that
/// exists with the same definition is a no-op, so restarts keep the agents and their counters.
/// </summary>
internal sealed partial class SampleAgentsLoader(
    IOptions<SampleOptions> options,
    IGrainFactory grains,
    ISiloStatus silo,
    IHostApplicationLifetime lifetime,
    ILogger<SampleAgentsLoader> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.LoadAgents)
        {
            return;
        }

        var directory = Path.Combine(AppContext.BaseDirectory, settings.AgentsDirectory);
        if (!Directory.Exists(directory))
        {
            LogNoDirectory(logger, directory);
            return;
        }

        await WaitUntilActiveAsync(stoppingToken);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var definition = JsonSerializer.Deserialize<AgentDefinition>(await File.ReadAllTextAsync(file, stoppingToken), Json)
                    ?? throw new JsonException("the file holds null");
                var agent = grains.GetGrain<IAgentGrain>(definition.Name);
                await agent.RegisterVersion(definition);
                await agent.SetOnline(definition.Version);
                await grains.GetGrain<IAgentCatalogGrain>(AgentCatalogKeys.All).Add(definition.Name);
                LogLoaded(logger, definition.Name, definition.Version, file);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
            {
                LogInvalid(logger, file, exception.Message);
            }
        }
    }

    private async Task WaitUntilActiveAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        while (silo.Status != SiloStatus.Active)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return json;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Sample agent {Name} v{Version} is online (from {File}).")]
    private static partial void LogLoaded(ILogger logger, string name, string version, string file);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Sample agent file {File} was not loaded: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Harness:Samples:LoadAgents is on but the folder {Directory} does not exist; no sample agent is loaded.")]
    private static partial void LogNoDirectory(ILogger logger, string directory);
}
