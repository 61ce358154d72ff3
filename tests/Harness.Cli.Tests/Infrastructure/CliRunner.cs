using Harness.Client.Api;
using Spectre.Console;

namespace Harness.Cli.Tests.Infrastructure;

/// <summary>Runs the <c>harness</c> command tree in-process with captured, non-interactive output.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(Func<Uri, HttpClient>? createHttpClient, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var context = new CliContext(
            console,
            output,
            error,
            createHttpClient ?? (baseAddress => new HttpClient { BaseAddress = baseAddress }),
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);
        var exitCode = await HarnessCli.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(Uri api, params string[] args) =>
        RunAsync(null, null, [.. args, "--api", api.ToString()]);
}
