using System.CommandLine;
using Harness.Client.Api;

namespace Harness.Cli;

/// <summary>Runs a command's body against the API and turns failures into messages on stderr and exit codes.</summary>
internal static class CommandRunner
{
    public static void SetApiAction(this Command command, CliContext context, Func<HarnessApiClient, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, body, cancellationToken));

    private static async Task<int> RunAsync(CliContext context, ParseResult parseResult, Func<HarnessApiClient, ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var api = context.CreateApiClient(parseResult.GetValue(HarnessCli.ApiOption) ?? context.DefaultApiAddress());
            return await body(api, parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (HarnessApiException exception)
        {
            var status = exception.StatusCode == 0 ? string.Empty : $" ({(int)exception.StatusCode})";
            await context.Error.WriteLineAsync($"error: {exception.Title}{status}").ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(exception.Detail))
            {
                await context.Error.WriteLineAsync($"  {exception.Detail}").ConfigureAwait(false);
            }

            foreach (var error in exception.Errors)
            {
                await context.Error.WriteLineAsync(string.IsNullOrEmpty(error.Path) ? $"  {error.Message}" : $"  {error.Path}: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Refused;
        }
        catch (HarnessApiUnreachableException exception)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (CliInputException exception)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
    }
}
