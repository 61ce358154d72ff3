using System.CommandLine;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness agents</c>: lists agents, one row per version.</summary>
internal static class AgentsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("agents", "List agents and their versions");
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            context.Output.Write(Tables.Agents(await api.ListAgentsAsync(cancellationToken).ConfigureAwait(false)));
            return ExitCodes.Success;
        });
        return command;
    }
}
