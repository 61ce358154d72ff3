using System.Globalization;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Tools;
using Harness.Runtime;

namespace Harness.Grains.Chains.Execution;

/// <summary>Runs one attempt of one node: a transform renders its expression, a tool node calls the tool registry, an inference node runs on an inference grain placed by device.</summary>
internal sealed class ChainNodeExecutor(ToolRegistry tools, IGrainFactory grains, ChainOptions options)
{
    /// <summary>Runs the attempt.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="node">The node.</param>
    /// <param name="state">The node's checkpoint (attempt, saved tokens).</param>
    /// <param name="qos">The chain's QoS class.</param>
    /// <param name="values">The chain's values.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    /// <returns>The outcome; failures throw.</returns>
    public Task<NodeOutcome> RunAsync(string chainId, NodeDefinition node, NodeCheckpoint state, QosClass qos, IChainValueSource values, CancellationToken cancellationToken) =>
        node.Type switch
        {
            NodeType.Transform => Task.FromResult(new NodeOutcome
            {
                Output = ToolResult.FromJsonOrString(ChainTemplateRenderer.Render(node.Expression ?? string.Empty, values)).Json,
            }),
            NodeType.Tool => RunToolAsync(chainId, node, state, values, cancellationToken),
            _ => RunInferenceAsync(chainId, node, state, qos, values, cancellationToken),
        };

    private async Task<NodeOutcome> RunToolAsync(string chainId, NodeDefinition node, NodeCheckpoint state, IChainValueSource values, CancellationToken cancellationToken)
    {
        var invocation = node.Tool ?? throw new InvalidOperationException($"Node '{node.Id}' is a tool node without a tool.");
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in invocation.Arguments)
        {
            arguments[name] = ChainTemplateRenderer.Render(value, values);
        }

        // A later loop iteration is another call: its key names the iteration, or it would replay the first one.
        var iteration = state.Completions + 1;
        var keyNode = iteration == 1 ? node.Id : string.Create(CultureInfo.InvariantCulture, $"{node.Id}#{iteration}");
        var call = new ToolCall { Key = new ToolCallKey(chainId, keyNode, state.Attempt), Arguments = arguments };
        var result = await tools.InvokeAsync(invocation.Name, invocation.Version, call, cancellationToken).ConfigureAwait(true);
        return new NodeOutcome { Output = result.Json };
    }

    private async Task<NodeOutcome> RunInferenceAsync(
        string chainId, NodeDefinition node, NodeCheckpoint state, QosClass qos, IChainValueSource values, CancellationToken cancellationToken)
    {
        var model = node.Model ?? throw new InvalidOperationException($"Node '{node.Id}' is an inference node without a model.");
        var demand = node.Resources ?? new ResourceDemand();
        // Every execution (retry, resumption after preemption, redo after a failover) is its own grain, placed afresh.
        var holder = string.Create(CultureInfo.InvariantCulture, $"{chainId}/{node.Id}/{state.Completions + 1}.{state.AttemptsStarted}");
        var grain = grains.GetGrain<IInferenceGrain>(InferenceGrainKeys.For(demand.Device, demand.VramMb, model, holder));
        var work = new InferenceWork
        {
            Request = new InferenceRequest
            {
                Model = model,
                Prompt = ChainTemplateRenderer.Render(node.Prompt ?? string.Empty, values),
                ImageReference = node.Image is null ? null : ChainTemplateRenderer.Render(node.Image, values),
                MaxTokens = options.MaxTokens,
                Seed = SeedOf(chainId, node.Id),
                Qos = qos,
                ResumeFrom = [.. state.SavedTokens],
                ResumeTokenIds = [.. state.SavedTokenIds],
            },
            HolderId = holder,
            Qos = qos,
            TimeSlice = options.LeaseTimeSlice,
        };

        InferenceOutcome outcome;
        using (cancellationToken.Register(static g => ((IInferenceGrain)g!).Cancel(), grain))
        {
            outcome = await grain.Generate(work).ConfigureAwait(true);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = outcome.Result;
        if (outcome.Preempted)
        {
            return new NodeOutcome
            {
                Preempted = true,
                PartialTokens = result.Tokens,
                PartialTokenIds = result.TokenIds,
                Tokens = result.GeneratedTokenCount,
                PreemptionSignalledAt = outcome.PreemptionSignalledAt,
                LeaseReleasedAt = outcome.LeaseReleasedAt,
                Device = outcome.Device,
                Silo = outcome.Silo,
            };
        }

        return new NodeOutcome
        {
            Output = ToolResult.FromJsonOrString(result.Text).Json,
            Tokens = result.GeneratedTokenCount,
            Device = outcome.Device,
            Silo = outcome.Silo,
        };
    }

    /// <summary>A seed fixed by chain and node, so a resumed or redone generation reproduces the same text.</summary>
    private static long SeedOf(string chainId, string nodeId)
    {
        // FNV-1a over the characters: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in chainId + "/" + nodeId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash & long.MaxValue);
    }
}
