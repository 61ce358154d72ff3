using System.CommandLine;
using Harness.Cli.Rendering;
using Harness.GrainInterfaces.Chains;

namespace Harness.Cli.Commands;

/// <summary><c>harness chains</c>: lists recent chains.</summary>
internal static class ChainsCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "Only chains in this status" };
        status.AcceptOnlyFromAmong(Enum.GetValues<ChainStatus>().Select(s => Display.Name(s)).ToArray());
        var limit = new Option<int?>("--limit", "-n") { Description = "The most chains to list" };
        var command = new Command("chains", "List recent chains") { status, limit };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            ChainStatus? filter = parseResult.GetValue(status) is { } s ? Enum.Parse<ChainStatus>(s, ignoreCase: true) : null;
            var chains = await api.ListChainsAsync(parseResult.GetValue(limit), filter, cancellationToken).ConfigureAwait(false);
            context.Output.Write(Tables.Chains(chains));
            return ExitCodes.Success;
        });
        return command;
    }
}
