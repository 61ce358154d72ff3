using Harness.GrainInterfaces.Chains;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Rendering;

/// <summary>A chain's per-node progress, kept from its snapshot and updated by its events.</summary>
internal sealed class ChainProgress
{
    private readonly List<Row> _rows = [];
    private ChainSnapshot _snapshot;

    public ChainProgress(ChainSnapshot snapshot)
    {
        _snapshot = snapshot;
        Update(snapshot);
    }

    public ChainStatus Status => _snapshot.Status;

    /// <summary>Takes the server's figures (tokens, seconds) over what events implied.</summary>
    public void Update(ChainSnapshot snapshot)
    {
        _snapshot = snapshot;
        foreach (var node in snapshot.Nodes)
        {
            var row = Find(node.Id);
            if (row is null)
            {
                _rows.Add(new Row(node.Id, node.Type) { Status = node.Status, Attempts = node.Attempts, Tokens = node.Tokens, Seconds = node.Seconds });
                continue;
            }

            row.Status = node.Status;
            row.Attempts = node.Attempts;
            row.Tokens = node.Tokens;
            row.Seconds = node.Seconds;
        }
    }

    public void Apply(ChainEvent chainEvent)
    {
        _snapshot = _snapshot with { Status = chainEvent.Status };
        if (chainEvent.NodeId is not { } nodeId || Find(nodeId) is not { } row)
        {
            return;
        }

        row.Attempts = Math.Max(row.Attempts, chainEvent.Attempt);
        row.Status = chainEvent.Kind switch
        {
            ChainEventKind.NodeStarted => NodeStatus.Running,
            ChainEventKind.NodeCompleted => NodeStatus.Succeeded,
            ChainEventKind.NodeFailed => NodeStatus.Failed,
            ChainEventKind.NodePreempted => NodeStatus.Waiting,
            ChainEventKind.Cancelled when row.Status is NodeStatus.Running or NodeStatus.Waiting => NodeStatus.Cancelled,
            _ => row.Status,
        };
    }

    public IRenderable Render()
    {
        var table = new Table().Title($"chain {Markup.Escape(_snapshot.Id)} ({Markup.Escape(_snapshot.Name)}): {Display.Name(_snapshot.Status)}");
        table.AddColumn("node");
        table.AddColumn("type");
        table.AddColumn("status");
        table.AddColumn(new TableColumn("attempts").RightAligned());
        table.AddColumn(new TableColumn("tokens").RightAligned());
        table.AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var row in _rows)
        {
            table.AddRow(
                new Text(row.Id),
                new Text(Display.Name(row.Type)),
                new Markup(StatusMarkup(row.Status)),
                new Text(row.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Display.Number(row.Tokens)),
                new Text(Display.Seconds(row.Seconds)));
        }

        return table;
    }

    private static string StatusMarkup(NodeStatus status) => status switch
    {
        NodeStatus.Succeeded => "[green]succeeded[/]",
        NodeStatus.Failed => "[red]failed[/]",
        NodeStatus.Running => "[yellow]running[/]",
        NodeStatus.Waiting => "[blue]waiting[/]",
        NodeStatus.Cancelled => "[grey]cancelled[/]",
        _ => Display.Name(status),
    };

    private Row? Find(string nodeId) => _rows.Find(r => string.Equals(r.Id, nodeId, StringComparison.Ordinal));

    private sealed class Row(string id, NodeType type)
    {
        public string Id { get; } = id;

        public NodeType Type { get; } = type;

        public NodeStatus Status { get; set; }

        public int Attempts { get; set; }

        public long Tokens { get; set; }

        public double Seconds { get; set; }
    }
}
