using System.CommandLine;
using Spectre.Console;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness agent show|register|online|offline</c>: manages one agent.</summary>
internal static class AgentCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("agent", "Show, register, or bring agent versions online or offline");
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Register(context));
        command.Subcommands.Add(SetState(context, online: true));
        command.Subcommands.Add(SetState(context, online: false));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The agent's name" };
        var command = new Command("show", "Show an agent's versions and metrics") { name };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var agent = await api.GetAgentAsync(parseResult.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            context.Output.Write(Tables.AgentVersions(agent.Versions));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Register(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The agent definition (JSON: name, version, model, tools, defaultQos, ...)" };
        var command = new Command("register", "Register an agent version") { file };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            string json;
            try
            {
                json = await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new CliInputException($"cannot read {path.FullName}: {exception.Message}", exception);
            }

            var info = await api.RegisterAgentAsync(json, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"registered agent {info.Definition.Name} {info.Definition.Version}: {Display.Name(info.State)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetState(CliContext context, bool online)
    {
        var name = new Argument<string>("name") { Description = "The agent's name" };
        var version = new Argument<string>("version") { Description = "The version" };
        var command = new Command(online ? "online" : "offline", online ? "Bring an agent version online" : "Take an agent version offline") { name, version };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var agentName = parseResult.GetValue(name)!;
            var agentVersion = parseResult.GetValue(version)!;
            var info = online
                ? await api.SetAgentOnlineAsync(agentName, agentVersion, cancellationToken).ConfigureAwait(false)
                : await api.SetAgentOfflineAsync(agentName, agentVersion, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"agent {info.Definition.Name} {info.Definition.Version}: {Display.Name(info.State)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
