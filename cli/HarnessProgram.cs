using Spectre.Console;

namespace Harness.Cli;

/// <summary>The <c>harness</c> executable's entry point (named so it does not collide with the silo's <c>Program</c> in tests).</summary>
internal static class HarnessProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await HarnessCli.RunAsync(args, CliContext.ForConsole(AnsiConsole.Console, Console.Out, Console.Error), cancellation.Token).ConfigureAwait(false);
    }
}
