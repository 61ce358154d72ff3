using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains.Execution;

/// <summary>
/// A chain definition's graph: which nodes follow a completed node. An edge is taken when its condition holds and its
/// target may run again: a node with <c>loop.maxIterations</c> completes at most that many times, another node on a
/// cycle as often as its cycle goes round, and a node on no cycle once (so a node two branches reach runs once).
/// </summary>
internal sealed class ChainGraph
{
    private readonly Dictionary<string, NodeDefinition> _nodes;
    private readonly Dictionary<string, List<EdgeDefinition>> _outgoing;
    private readonly HashSet<string> _onCycle;

    /// <summary>Initializes a new instance of the <see cref="ChainGraph"/> class.</summary>
    /// <param name="definition">A validated definition.</param>
    public ChainGraph(ChainDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        _nodes = definition.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        _outgoing = new Dictionary<string, List<EdgeDefinition>>(StringComparer.Ordinal);
        foreach (var edge in definition.Edges)
        {
            if (!_outgoing.TryGetValue(edge.From, out var list))
            {
                _outgoing[edge.From] = list = [];
            }

            list.Add(edge);
        }

        _onCycle = FindCycleNodes();
    }

    /// <summary>Gets the definition.</summary>
    public ChainDefinition Definition { get; }

    /// <summary>Gets a node by id.</summary>
    public NodeDefinition this[string nodeId] => _nodes[nodeId];

    /// <summary>Whether a node has outgoing edges.</summary>
    public bool HasEdges(string nodeId) => _outgoing.ContainsKey(nodeId);

    /// <summary>The nodes to run after <paramref name="nodeId"/> completed, in edge order.</summary>
    /// <param name="nodeId">The node whose edges to follow.</param>
    /// <param name="values">The chain's values, for conditions.</param>
    /// <param name="completions">How many times a node has completed.</param>
    /// <returns>The targets of the edges taken.</returns>
    public List<string> Successors(string nodeId, IChainValueSource values, Func<string, int> completions)
    {
        var result = new List<string>();
        if (!_outgoing.TryGetValue(nodeId, out var edges))
        {
            return result;
        }

        foreach (var edge in edges)
        {
            if (completions(edge.To) >= MaxRuns(edge.To))
            {
                continue;
            }

            if (edge.Condition is { } condition && !ChainConditionEvaluator.Evaluate(condition, values))
            {
                continue;
            }

            result.Add(edge.To);
        }

        return result;
    }

    private int MaxRuns(string nodeId) =>
        _nodes[nodeId].Loop is { } loop ? loop.MaxIterations : _onCycle.Contains(nodeId) ? int.MaxValue : 1;

    /// <summary>The nodes of non-trivial strongly connected components (and self-loops), by Tarjan's algorithm.</summary>
    private HashSet<string> FindCycleNodes()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var counter = 0;

        void Visit(string node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var edge in _outgoing.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(edge.To, out var targetIndex))
                {
                    Visit(edge.To);
                    low[node] = Math.Min(low[node], low[edge.To]);
                }
                else if (onStack.Contains(edge.To))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }

                if (edge.To == node)
                {
                    result.Add(node);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    result.UnionWith(component);
                }
            }
        }

        foreach (var node in _nodes.Keys)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return result;
    }
}
