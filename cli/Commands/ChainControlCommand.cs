using System.CommandLine;
using Spectre.Console;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness cancel|pause|resume &lt;id&gt;</c>: controls a running chain.</summary>
internal static class ChainControlCommand
{
    public static Command Create(CliContext context, string verb)
    {
        var id = new Argument<string>("id") { Description = "The chain's id" };
        var command = new Command(verb, verb switch
        {
            "cancel" => "Cancel a chain",
            "pause" => "Pause a chain at its next checkpoint",
            "resume" => "Resume a paused chain",
            _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "Unknown chain control verb."),
        })
        {
            id,
        };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded with the chain)" };
        if (verb == "cancel")
        {
            command.Options.Add(reason);
        }

        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var chainId = parseResult.GetValue(id)!;
            var chain = verb switch
            {
                "cancel" => await api.CancelChainAsync(chainId, parseResult.GetValue(reason), cancellationToken).ConfigureAwait(false),
                "pause" => await api.PauseChainAsync(chainId, cancellationToken).ConfigureAwait(false),
                _ => await api.ResumeChainAsync(chainId, cancellationToken).ConfigureAwait(false),
            };
            context.Output.WriteLine($"chain {chain.Id}: {Display.Name(chain.Status)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
