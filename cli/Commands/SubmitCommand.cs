using System.CommandLine;
using Spectre.Console;
using Harness.Cli.Rendering;
using Harness.Client.Api;
using Harness.GrainInterfaces.Chains;

namespace Harness.Cli.Commands;

/// <summary><c>harness submit &lt;file&gt;</c>: submits a chain definition (.json, .yaml or .yml), optionally following it.</summary>
internal static class SubmitCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The chain definition document (.json, .yaml or .yml)" };
        var inputs = new Option<string[]>("--input", "-i") { Description = "A chain input, name=value (repeatable)" };
        var agent = new Option<string?>("--agent") { Description = "The agent the chain runs as" };
        var agentVersion = new Option<string?>("--agent-version") { Description = "The agent version to pin" };
        var qos = new Option<string?>("--qos") { Description = "The QoS class" };
        qos.AcceptOnlyFromAmong(Enum.GetValues<QosClass>().Select(q => q.ToWireName()).ToArray());
        var id = new Option<string?>("--id") { Description = "A chain id of your choosing (makes retrying the submission safe)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow the chain's progress until it ends; exit code 0 only if it succeeds" };

        var command = new Command("submit", "Submit a chain definition") { file, inputs, agent, agentVersion, qos, id, follow };
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var kind = KindOf(path);
            var options = new ChainSubmitOptions
            {
                Agent = parseResult.GetValue(agent),
                AgentVersion = parseResult.GetValue(agentVersion),
                Qos = parseResult.GetValue(qos) is { } q && ChainEnumNames.TryParseQosClass(q, out var parsed) ? parsed : null,
                Id = parseResult.GetValue(id),
            };
            foreach (var input in parseResult.GetValue(inputs) ?? [])
            {
                var equals = input.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliInputException($"--input '{input}' is not name=value.");
                }

                options.Inputs[input[..equals]] = input[(equals + 1)..];
            }

            var document = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var accepted = await api.SubmitChainAsync(document, kind, options, cancellationToken).ConfigureAwait(false);
            if (!parseResult.GetValue(follow))
            {
                context.Output.WriteLine(accepted.Id);
                return ExitCodes.Success;
            }

            context.Output.WriteLine($"submitted chain {accepted.Id}");
            return await ChainFollower.FollowAsync(context, api, accepted.Id, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static ChainDocumentKind KindOf(FileInfo file) => file.Extension.ToUpperInvariant() switch
    {
        ".JSON" => ChainDocumentKind.Json,
        ".YAML" or ".YML" => ChainDocumentKind.Yaml,
        _ => throw new CliInputException($"{file.Name}: the format is chosen by extension; use .json, .yaml or .yml."),
    };

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"cannot read {file.FullName}: {exception.Message}", exception);
        }
    }
}
