using System.CommandLine;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness silos</c>: lists the cluster's silos.</summary>
internal static class SilosCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("silos", "List the cluster's silos");
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            context.Output.Write(Tables.Silos(await api.ListSilosAsync(cancellationToken).ConfigureAwait(false)));
            return ExitCodes.Success;
        });
        return command;
    }
}
