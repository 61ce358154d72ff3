using System.CommandLine;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary><c>harness health</c>: the silo's health report; exit code 1 when it is not healthy.</summary>
internal static class HealthCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("health", "Show the silo's health; exit code 1 unless healthy");
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var health = await api.GetHealthAsync(cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"{health.Status} ({health.DurationMs:0.0} ms)");
            foreach (var (name, check) in health.Checks)
            {
                context.Output.WriteLine($"  {name}: {check.Status}{(check.Description is { Length: > 0 } d ? " - " + d : string.Empty)}");
            }

            return health.IsHealthy ? ExitCodes.Success : ExitCodes.ChainNotSucceeded;
        });
        return command;
    }
}
