using System.CommandLine;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness follow &lt;id&gt;</c>: follows a chain until it ends.</summary>
internal static class FollowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The chain's id" };
        var command = new Command("follow", "Follow a chain until it ends; exit code 0 only if it succeeds") { id };
        command.SetApiAction(context, (api, parseResult, cancellationToken) =>
            ChainFollower.FollowAsync(context, api, parseResult.GetValue(id)!, cancellationToken));
        return command;
    }
}
