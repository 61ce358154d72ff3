using System.Text.RegularExpressions;
using Harness.GrainInterfaces.Chains;

namespace Harness.Grains.Chains.Definitions;

/// <summary>
/// Checks a chain definition's meaning: ids and their uniqueness, references (edges, start, fallbacks, templates),
/// declared inputs, template syntax, value ranges, and that every cycle has a node with a loop bound. Paths name the
/// fields as a JSON document would (<c>$.nodes[2].retry.attempts</c>).
/// </summary>
public static partial class ChainDefinitionValidator
{
    private static readonly string[] TemplateRoots = ["inputs", "nodes", "vars"];

    /// <summary>Returns every problem in a definition; an empty list means it is valid.</summary>
    /// <param name="definition">The definition to check.</param>
    /// <returns>The problems, each with the path of the offending field.</returns>
    public static IReadOnlyList<ChainDefinitionProblem> Validate(ChainDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<ChainDefinitionProblem>();
        void Add(string path, string message) => problems.Add(new ChainDefinitionProblem(path, message));

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Add("$.name", "required property 'name' is missing");
        }

        var inputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Inputs.Count; i++)
        {
            var input = definition.Inputs[i];
            if (!Identifier().IsMatch(input))
            {
                Add($"$.inputs[{i}]", $"input name '{input}' must match {Identifier()}");
            }
            else if (!inputs.Add(input))
            {
                Add($"$.inputs[{i}]", $"duplicate input '{input}'");
            }
        }

        if (definition.Nodes.Count == 0)
        {
            Add("$.nodes", "a chain needs at least one node");
        }

        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Nodes.Count; i++)
        {
            var id = definition.Nodes[i].Id;
            if (string.IsNullOrEmpty(id))
            {
                Add($"$.nodes[{i}].id", "required property 'id' is missing");
            }
            else if (!Identifier().IsMatch(id))
            {
                Add($"$.nodes[{i}].id", $"node id '{id}' must match {Identifier()}");
            }
            else if (nodeIndex.TryGetValue(id, out var first))
            {
                Add($"$.nodes[{i}].id", $"duplicate node id '{id}' (first used by $.nodes[{first}])");
            }
            else
            {
                nodeIndex[id] = i;
            }
        }

        void CheckTemplates(string path, string? text)
        {
            if (text is null)
            {
                return;
            }

            foreach (var template in TemplateScanner.Scan(text))
            {
                if (template.Error is not null)
                {
                    Add(path, $"bad template: {template.Error}");
                    continue;
                }

                var segments = template.Segments;
                var root = segments[0];
                if (!TemplateRoots.Contains(root, StringComparer.Ordinal))
                {
                    Add(path, $"bad template: '{template.Text}' has unknown root '{root}' (expected inputs, nodes or vars)");
                }
                else if (segments.Count < 2)
                {
                    Add(path, $"bad template: '{template.Text}' must name {(root == "nodes" ? "a node" : root == "inputs" ? "an input" : "a variable")}");
                }
                else if (root == "inputs" && !inputs.Contains(segments[1]))
                {
                    Add(path, $"missing input: '{template.Text}' references input '{segments[1]}', which is not declared in $.inputs");
                }
                else if (root == "nodes" && !nodeIndex.ContainsKey(segments[1]))
                {
                    Add(path, $"dangling reference: '{template.Text}' references unknown node '{segments[1]}'");
                }
            }
        }

        void CheckDuration(string path, TimeSpan? duration)
        {
            if (duration is { } value && value <= TimeSpan.Zero)
            {
                Add(path, $"must be positive, not {value.TotalMilliseconds}ms");
            }
        }

        for (var i = 0; i < definition.Nodes.Count; i++)
        {
            var node = definition.Nodes[i];
            var path = $"$.nodes[{i}]";
            CheckTemplates($"{path}.prompt", node.Prompt);
            CheckTemplates($"{path}.image", node.Image);
            CheckTemplates($"{path}.expression", node.Expression);
            if (node.Tool is { } tool)
            {
                foreach (var (name, value) in tool.Arguments.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    CheckTemplates(Identifier().IsMatch(name) ? $"{path}.tool.arguments.{name}" : $"{path}.tool.arguments['{name}']", value);
                }
            }

            CheckDuration($"{path}.timeout", node.Timeout);
            if (node.Retry is { } retry)
            {
                if (retry.Attempts < 1)
                {
                    Add($"{path}.retry.attempts", $"must be at least 1, not {retry.Attempts}");
                }

                if (retry.Backoff is { } backoff)
                {
                    CheckDuration($"{path}.retry.backoff.initial", backoff.Initial);
                    CheckDuration($"{path}.retry.backoff.max", backoff.Max);
                    if (backoff.Initial > TimeSpan.Zero && backoff.Max > TimeSpan.Zero && backoff.Max < backoff.Initial)
                    {
                        Add($"{path}.retry.backoff.max", "must not be less than retry.backoff.initial");
                    }

                    if (!(backoff.Multiplier >= 1))
                    {
                        Add($"{path}.retry.backoff.multiplier", $"must be at least 1, not {backoff.Multiplier}");
                    }
                }
            }

            if (node.Fallback is { } fallback)
            {
                if (!nodeIndex.ContainsKey(fallback))
                {
                    Add($"{path}.fallback", $"dangling reference: fallback names unknown node '{fallback}'");
                }
                else if (fallback == node.Id)
                {
                    Add($"{path}.fallback", "a node cannot be its own fallback");
                }
            }

            if (node.Resources is { } resources)
            {
                if (string.IsNullOrWhiteSpace(resources.Device))
                {
                    Add($"{path}.resources.device", "must not be empty");
                }

                if (resources.VramMb < 0)
                {
                    Add($"{path}.resources.vramMb", $"must not be negative, not {resources.VramMb}");
                }

                CheckDuration($"{path}.resources.expectedDuration", resources.ExpectedDuration);
            }

            if (node.Loop is { } loop && loop.MaxIterations < 1)
            {
                Add($"{path}.loop.maxIterations", $"must be at least 1, not {loop.MaxIterations}");
            }
        }

        var successors = definition.Nodes.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < definition.Edges.Count; i++)
        {
            var edge = definition.Edges[i];
            var from = CheckNodeReference($"$.edges[{i}].from", edge.From);
            var to = CheckNodeReference($"$.edges[{i}].to", edge.To);
            CheckTemplates($"$.edges[{i}].condition", edge.Condition);
            if (from >= 0 && to >= 0)
            {
                successors[from].Add(to);
            }
        }

        int CheckNodeReference(string path, string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                Add(path, "must name a node");
                return -1;
            }

            if (!nodeIndex.TryGetValue(id, out var index))
            {
                Add(path, $"dangling reference: unknown node '{id}'");
                return -1;
            }

            return index;
        }

        if (definition.Start is { } start && !nodeIndex.ContainsKey(start))
        {
            Add("$.start", $"dangling reference: unknown node '{start}'");
        }

        foreach (var cycle in StronglyConnected(successors))
        {
            if (cycle.Count == 1 && !successors[cycle[0]].Contains(cycle[0]))
            {
                continue;
            }

            if (!cycle.Any(n => definition.Nodes[n].Loop?.MaxIterations >= 1))
            {
                var first = cycle.Min();
                var names = string.Join(", ", cycle.Order().Select(n => $"'{definition.Nodes[n].Id}'"));
                Add(
                    $"$.nodes[{first}].loop",
                    $"unbounded cycle through nodes {names}: give a node on the cycle loop.maxIterations >= 1");
            }
        }

        return problems;
    }

    /// <summary>Tarjan's algorithm, iterative: the strongly connected components of the node graph.</summary>
    private static List<List<int>> StronglyConnected(List<int>[] successors)
    {
        var count = successors.Length;
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var next = 0;
        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge == 0)
                {
                    index[node] = low[node] = next++;
                    stack.Push(node);
                    onStack[node] = true;
                }

                if (edge < successors[node].Count)
                {
                    work.Push((node, edge + 1));
                    var target = successors[node][edge];
                    if (index[target] < 0)
                    {
                        work.Push((target, 0));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return components;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
