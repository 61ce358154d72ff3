using System.CommandLine;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness chain &lt;id&gt;</c>: shows a chain and its nodes.</summary>
internal static class ChainCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The chain's id" };
        var command = new Command("chain", "Show a chain and its nodes") { id };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var chain = await api.GetChainAsync(parseResult.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            context.Output.Write(Tables.ChainHeader(chain));
            context.Output.Write(Tables.Nodes(chain));
            return ExitCodes.Success;
        });
        return command;
    }
}
