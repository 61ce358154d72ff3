using System.Globalization;
using Harness.Client.Api;
using Harness.GrainInterfaces.Chains;
using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>
/// Follows a chain to its end: a live node table on a terminal, one plain line per event otherwise (piped, logged);
/// then the final status, result and wasted work.
/// </summary>
internal static class ChainFollower
{
    public static async Task<int> FollowAsync(CliContext context, HarnessApiClient api, string id, CancellationToken cancellationToken)
    {
        var progress = new ChainProgress(await api.GetChainAsync(id, cancellationToken).ConfigureAwait(false));
        if (context.IsLiveTerminal)
        {
            await context.Output.Live(progress.Render()).AutoClear(false).StartAsync(async live =>
            {
                await foreach (var chainEvent in api.FollowChainAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    progress.Apply(chainEvent);
                    if (chainEvent.Kind is ChainEventKind.NodeCompleted or ChainEventKind.NodeFailed)
                    {
                        // Events carry no token or timing figures: the snapshot has them.
                        progress.Update(await api.GetChainAsync(id, cancellationToken).ConfigureAwait(false));
                    }

                    live.UpdateTarget(progress.Render());
                }
            }).ConfigureAwait(false);
        }
        else
        {
            await foreach (var chainEvent in api.FollowChainAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                progress.Apply(chainEvent);
                context.Output.WriteLine(FormatEvent(chainEvent));
            }
        }

        var final = await api.GetChainAsync(id, cancellationToken).ConfigureAwait(false);
        if (!context.IsLiveTerminal)
        {
            progress.Update(final);
            context.Output.Write(progress.Render());
        }

        WriteOutcome(context.Output, final);
        return final.Status == ChainStatus.Succeeded ? ExitCodes.Success : ExitCodes.ChainNotSucceeded;
    }

    public static string FormatEvent(ChainEvent chainEvent)
    {
        var line = $"{Display.Time(chainEvent.Timestamp)} #{chainEvent.Sequence.ToString(CultureInfo.InvariantCulture)} {Display.Name(chainEvent.Kind)}";
        if (chainEvent.NodeId is { } node)
        {
            line += $" node={node} attempt={chainEvent.Attempt.ToString(CultureInfo.InvariantCulture)}";
        }

        line += $" chain={Display.Name(chainEvent.Status)}";
        return chainEvent.Detail is { Length: > 0 } detail ? $"{line}: {detail}" : line;
    }

    public static void WriteOutcome(IAnsiConsole output, ChainSnapshot chain)
    {
        var color = chain.Status switch
        {
            ChainStatus.Succeeded => "green",
            ChainStatus.Failed => "red",
            _ => "yellow",
        };
        output.MarkupLine($"status: [{color}]{Display.Name(chain.Status)}[/]");
        if (chain.Result is { } result)
        {
            output.WriteLine($"result: {result}");
        }

        if (chain.Error is { } error)
        {
            output.WriteLine($"error: {error}");
        }

        output.WriteLine($"tokens: {Display.Number(chain.Tokens)}, node seconds: {Display.Seconds(chain.NodeSeconds)}");
        var wasted = chain.Wasted;
        output.WriteLine(
            $"wasted work: {Display.Seconds(wasted.NodeSeconds)} node seconds, {Display.Number(wasted.Tokens)} tokens, " +
            $"{wasted.Failures.ToString(CultureInfo.InvariantCulture)} failures, {wasted.Failovers.ToString(CultureInfo.InvariantCulture)} failovers, " +
            $"{wasted.Preemptions.ToString(CultureInfo.InvariantCulture)} preemptions");
    }
}
