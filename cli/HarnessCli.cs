using System.CommandLine;
using Harness.Cli.Commands;

namespace Harness.Cli;

/// <summary>The <c>harness</c> command tree.</summary>
internal static class HarnessCli
{
    /// <summary>Gets the global <c>--api</c> option; its default comes from the context (see <see cref="CliContext.DefaultApiAddress"/>).</summary>
    public static Option<string> ApiOption { get; } = new("--api")
    {
        Description = $"The harness API's URL (default: ${CliContext.ApiEnvironmentVariable}, else {CliContext.DefaultApi})",
        Recursive = true,
    };

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Submit, follow and manage chains, agents and devices of an Orleans.Harness cluster.");
        root.Options.Add(ApiOption);
        root.Subcommands.Add(SubmitCommand.Create(context));
        root.Subcommands.Add(ChainsCommand.Create(context));
        root.Subcommands.Add(ChainCommand.Create(context));
        root.Subcommands.Add(FollowCommand.Create(context));
        root.Subcommands.Add(ChainControlCommand.Create(context, "cancel"));
        root.Subcommands.Add(ChainControlCommand.Create(context, "pause"));
        root.Subcommands.Add(ChainControlCommand.Create(context, "resume"));
        root.Subcommands.Add(AgentsCommand.Create(context));
        root.Subcommands.Add(AgentCommand.Create(context));
        root.Subcommands.Add(DevicesCommand.Create(context));
        root.Subcommands.Add(SilosCommand.Create(context));
        root.Subcommands.Add(HealthCommand.Create(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration { Output = context.PlainOutput, Error = context.Error };
        return Build(context).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
