using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harness.Bench;

/// <summary>
/// The child process of failover: a silo clustered on PostgreSQL (membership, grain directory, grain storage),
/// configured by <c>key=value</c> arguments (<c>Harness:Silo:SiloPort=...</c>,
/// <c>Harness:Storage:Postgres:ConnectionString=...</c>, cluster timings). Prints <c>ready &lt;silo address&gt;</c> once
/// Active; runs until its standard input closes (then leaves the cluster gracefully) or the cluster declares it dead.
/// </summary>
internal static class ClusterSiloProcess
{
    public const string Command = "serve-cluster-silo";

    public static async Task<int> RunAsync(string[] arguments)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                await Console.Error.WriteLineAsync($"{Command}: '{argument}' is not key=value.");
                return 2;
            }

            settings[argument[..separator]] = argument[(separator + 1)..];
        }

        BenchSilo silo;
        try
        {
            silo = await BenchSilo.StartAsync(s => s.UsePostgresClustering().AddPostgresGrainStorage(), settings);
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"{Command}: the silo did not start: {exception.Message}");
            return 1;
        }

        await using (silo)
        {
            Console.WriteLine("ready " + silo.Services.GetRequiredService<ISiloStatus>().Address);
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

            // The parent closes our input when it is done (or dies); a silo declared dead stops its application.
            await Task.WhenAny(Console.In.ReadToEndAsync(), stopping.Task);
        }

        return 0;
    }
}
