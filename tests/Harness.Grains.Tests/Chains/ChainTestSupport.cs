using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Definitions;
using Harness.Runtime;

namespace Harness.Grains.Tests.Chains;

/// <summary>Submits chains written in YAML and waits for them.</summary>
public static class ChainTestSupport
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static ChainDefinition Parse(string yaml) => ChainDefinitionParser.Parse(yaml, ChainDocumentFormat.Yaml);

    public static Task<ChainSnapshot> SubmitAsync(
        IGrainFactory grains, string id, string yaml, IReadOnlyDictionary<string, string>? inputs = null, string? agent = null, string? agentVersion = null) =>
        grains.GetGrain<IChainGrain>(id).Submit(new ChainSubmission
        {
            Definition = Parse(yaml),
            Inputs = inputs ?? new Dictionary<string, string>(),
            Agent = agent,
            AgentVersion = agentVersion,
        });

    /// <summary>Follows the chain's events (long polls) until it ends, returning every event.</summary>
    public static async Task<List<ChainEvent>> WaitForEndAsync(IGrainFactory grains, string id)
    {
        var chain = grains.GetGrain<IChainGrain>(id);
        var events = new List<ChainEvent>();
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var page = await chain.GetEvents(events.Count, TimeSpan.FromSeconds(5)).WaitAsync(timeout.Token);
            events.AddRange(page.Events);
            if (page.Ended)
            {
                return events;
            }
        }
    }

    /// <summary>Waits until the chain has an event matching <paramref name="predicate"/>.</summary>
    public static async Task<ChainEvent> WaitForEventAsync(IGrainFactory grains, string id, Func<ChainEvent, bool> predicate)
    {
        var chain = grains.GetGrain<IChainGrain>(id);
        long seen = 0;
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var page = await chain.GetEvents(seen, TimeSpan.FromSeconds(5)).WaitAsync(timeout.Token);
            foreach (var e in page.Events)
            {
                if (predicate(e))
                {
                    return e;
                }
            }

            seen += page.Events.Count;
            if (page.Ended)
            {
                throw new InvalidOperationException($"Chain {id} ended without the awaited event.");
            }
        }
    }
}
