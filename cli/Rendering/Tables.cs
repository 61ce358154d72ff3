using System.Globalization;
using Harness.Client.Api;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>The tables the listing commands print; every cell is plain text (never markup).</summary>
internal static class Tables
{
    public static Table Chains(IReadOnlyList<ChainSummary> chains)
    {
        var table = Create("id", "name", "status", "qos", "agent", "nodes", "created", "updated");
        foreach (var chain in chains)
        {
            Add(
                table,
                chain.Id,
                chain.Name,
                Display.Name(chain.Status),
                Display.Name(chain.Qos),
                Display.Text(chain.Agent),
                $"{chain.NodesCompleted.ToString(CultureInfo.InvariantCulture)}/{chain.NodeCount.ToString(CultureInfo.InvariantCulture)}",
                Display.Time(chain.CreatedAt),
                Display.Time(chain.UpdatedAt));
        }

        return table;
    }

    public static Grid ChainHeader(ChainSnapshot chain)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Line(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Line("id", chain.Id);
        Line("name", chain.Name);
        Line("status", Display.Name(chain.Status));
        Line("qos", Display.Name(chain.Qos));
        Line("agent", chain.Agent is null ? "-" : $"{chain.Agent} {chain.AgentVersion}".TrimEnd());
        Line("current node", Display.Text(chain.CurrentNode));
        Line("tokens", Display.Number(chain.Tokens));
        Line("node seconds", Display.Seconds(chain.NodeSeconds));
        Line("checkpoints", $"{Display.Number(chain.Checkpoints)} (last {Display.Time(chain.LastCheckpointAt)})");
        Line("wasted", $"{Display.Seconds(chain.Wasted.NodeSeconds)} s, {Display.Number(chain.Wasted.Tokens)} tokens, {chain.Wasted.Failures} failures, {chain.Wasted.Failovers} failovers, {chain.Wasted.Preemptions} preemptions");
        Line("created", Display.Time(chain.CreatedAt));
        Line("updated", Display.Time(chain.UpdatedAt));
        if (chain.Result is not null)
        {
            Line("result", chain.Result);
        }

        if (chain.Error is not null)
        {
            Line("error", chain.Error);
        }

        return grid;
    }

    public static Table Nodes(ChainSnapshot chain)
    {
        var table = Create("node", "type", "status", "attempts", "tokens", "seconds", "silo", "device", "error");
        foreach (var node in chain.Nodes)
        {
            Add(
                table,
                node.Id,
                Display.Name(node.Type),
                Display.Name(node.Status),
                node.Attempts.ToString(CultureInfo.InvariantCulture),
                Display.Number(node.Tokens),
                Display.Seconds(node.Seconds),
                Display.Text(node.Silo),
                Display.Text(node.Device),
                Display.Text(node.Error));
        }

        return table;
    }

    public static Table Agents(IReadOnlyList<AgentOverview> agents)
    {
        var table = Create("agent", "version", "state", "model", "started", "completed", "failed", "running", "tokens");
        foreach (var agent in agents)
        {
            foreach (var version in agent.Versions)
            {
                AddVersion(table, version);
            }

            if (agent.Versions.Count == 0)
            {
                Add(table, agent.Name, "-", "-", "-", "0", "0", "0", "0", "0");
            }
        }

        return table;
    }

    public static Table AgentVersions(IEnumerable<AgentVersionInfo> versions)
    {
        var table = Create("agent", "version", "state", "model", "started", "completed", "failed", "running", "tokens");
        foreach (var version in versions)
        {
            AddVersion(table, version);
        }

        return table;
    }

    public static Table Devices(IReadOnlyList<DeviceReport> devices)
    {
        var table = Create("silo", "device", "kind", "total MiB", "free MiB", "leases", "queued rt/std/bg", "resident models");
        foreach (var report in devices)
        {
            if (report.Status is not { } status)
            {
                Add(table, report.Silo, Display.Text(report.DeviceId), "-", "-", "-", "-", "-", $"error: {report.Error}");
                continue;
            }

            Add(
                table,
                report.Silo,
                status.Device.Id == status.Device.Name ? status.Device.Id : $"{status.Device.Id} ({status.Device.Name})",
                status.Device.Kind,
                Display.Number(status.TotalVramMb),
                Display.Number(status.FreeVramMb),
                status.Leases.Count.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{status.RealtimeQueued}/{status.StandardQueued}/{status.BackgroundQueued}"),
                status.ResidentModels.Count == 0
                    ? "-"
                    : string.Join(", ", status.ResidentModels.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Model} ({m.SizeMb} MiB, {(m.Users == 0 ? "idle" : $"{m.Users} in use")})"))));
        }

        return table;
    }

    public static Table Silos(IReadOnlyList<SiloReport> silos)
    {
        var table = Create("address", "name", "status", "started", "devices", "activations", "self");
        foreach (var silo in silos)
        {
            Add(
                table,
                silo.Address,
                Display.Text(silo.Name),
                Display.Text(silo.Status),
                Display.Time(silo.StartedAt),
                silo.Devices is { Count: > 0 } devices
                    ? string.Join(", ", devices.Select(d => $"{d.Id} ({d.Kind}, {Display.Number(d.FreeMemoryMib)}/{Display.Number(d.TotalMemoryMib)} MiB free)"))
                    : "-",
                silo.ActivationCount.ToString(CultureInfo.InvariantCulture),
                silo.Self ? "*" : string.Empty);
        }

        return table;
    }

    private static void AddVersion(Table table, AgentVersionInfo version) =>
        Add(
            table,
            version.Definition.Name,
            version.Definition.Version,
            Display.Name(version.State),
            version.Definition.Model,
            Display.Number(version.Metrics.ChainsStarted),
            Display.Number(version.Metrics.ChainsCompleted),
            Display.Number(version.Metrics.ChainsFailed),
            version.Metrics.RunningChains.ToString(CultureInfo.InvariantCulture),
            Display.Number(version.Metrics.Tokens));

    private static Table Create(params string[] columns)
    {
        var table = new Table();
        foreach (var column in columns)
        {
            table.AddColumn(column);
        }

        return table;
    }

    private static void Add(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)));
}
