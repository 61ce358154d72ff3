using Harness.Cli.Tests.Infrastructure;

namespace Harness.Cli.Tests.Cli;

public sealed class HarnessCliTests(FakeHarnessApi server) : IClassFixture<FakeHarnessApi>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("harness-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Submit_WithoutFollow_PrintsTheChainId()
    {
        var file = Write("chain.yaml", "name: summarize-page\n");

        var result = await CliRunner.RunAsync(server.BaseAddress, "submit", file, "--input", "url=https://example.org", "--qos", "background");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ok", result.Output.Trim());
        Assert.Contains(server.Submissions, s => s.Query.Contains("qos=background", StringComparison.Ordinal) && s.Query.Contains("input.url=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_Follow_SucceededChain_ExitsZeroAndPrintsEachNodeCompletion()
    {
        var file = Write("chain.json", "{\"name\":\"summarize-page\"}");

        var result = await CliRunner.RunAsync(server.BaseAddress, "submit", file, "--follow", "--id", "ok");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Single(lines, l => l.Contains("nodeCompleted node=fetch", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("nodeCompleted node=summarize", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("#6 succeeded", StringComparison.Ordinal));
        Assert.Contains("status: succeeded", result.Output, StringComparison.Ordinal);
        Assert.Contains("result: a short summary", result.Output, StringComparison.Ordinal);
        Assert.Contains("wasted work: 0.0 node seconds, 0 tokens, 0 failures", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Follow_FailedChain_ExitsOneWithTheError()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "follow", "bad");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nodeFailed node=summarize attempt=1 chain=running: model unavailable", result.Output, StringComparison.Ordinal);
        Assert.Contains("status: failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: node summarize failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("wasted work: 2.5 node seconds, 1,234 tokens, 1 failures", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InvalidDefinition_PrintsEachPathAndExitsTwo()
    {
        var file = Write("chain.yml", "name: invalid\n");

        var result = await CliRunner.RunAsync(server.BaseAddress, "submit", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Invalid chain definition (400)", result.Error, StringComparison.Ordinal);
        Assert.Contains("The definition has 2 problems.", result.Error, StringComparison.Ordinal);
        Assert.Contains("nodes[1].type: unknown node type 'gpt'", result.Error, StringComparison.Ordinal);
        Assert.Contains("edges[0].to: no node 'sumarize'", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Submit_UnknownExtension_ExitsTwoWithoutCallingTheApi()
    {
        var file = Write("chain.txt", "name: x\n");

        var result = await CliRunner.RunAsync(new Uri("http://127.0.0.1:1/"), "submit", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".json, .yaml or .yml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_Unknown_PrintsNotFoundAndExitsTwo()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "chain", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Chain not found (404)", result.Error, StringComparison.Ordinal);
        Assert.Contains("No chain has id 'nope'.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableApi_PrintsOneLineAndExitsThree()
    {
        var result = await CliRunner.RunAsync(new Uri("http://127.0.0.1:1/"), "chains");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("http://127.0.0.1:1/ could not be reached", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiDefault_ComesFromHarnessApiEnvironmentVariable()
    {
        var result = await CliRunner.RunAsync(null, new Dictionary<string, string> { ["HARNESS_API"] = server.BaseAddress.ToString() }, "chains", "--status", "failed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("bad", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("│ ok ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chains_PrintsATable()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "chains", "--limit", "10");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("summarize-page", result.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded", result.Output, StringComparison.Ordinal);
        Assert.Contains("2/2", result.Output, StringComparison.Ordinal);
        Assert.Contains("1/2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_PrintsDetailAndNodeTable()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "chain", "ok");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("writer 1.0.0", result.Output, StringComparison.Ordinal);
        Assert.Contains("fetch", result.Output, StringComparison.Ordinal);
        Assert.Contains("1,234", result.Output, StringComparison.Ordinal);
        Assert.Contains("a short summary", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_PrintsOneRowPerVersion()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "agents");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("writer", result.Output, StringComparison.Ordinal);
        Assert.Contains("tiny-llm", result.Output, StringComparison.Ordinal);
        Assert.Contains("online", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRegisterAndOnline_PrintTheNewState()
    {
        var file = Write("agent.json", "{\"name\":\"critic\",\"version\":\"2.0.0\",\"model\":\"tiny\"}");

        var registered = await CliRunner.RunAsync(server.BaseAddress, "agent", "register", file);
        var online = await CliRunner.RunAsync(server.BaseAddress, "agent", "online", "critic", "2.0.0");

        Assert.Equal((0, "registered agent critic 2.0.0: registered"), (registered.ExitCode, registered.Output.Trim()));
        Assert.Equal((0, "agent critic 2.0.0: online"), (online.ExitCode, online.Output.Trim()));
    }

    [Fact]
    public async Task Devices_PrintsMemoryLeasesQueuesAndFailedSilos()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "devices");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gpu0 (H100)", result.Output, StringComparison.Ordinal);
        Assert.Contains("81,920", result.Output, StringComparison.Ordinal);
        Assert.Contains("40,960", result.Output, StringComparison.Ordinal);
        Assert.Contains("1/2/3", result.Output, StringComparison.Ordinal);
        Assert.Contains("tiny-llm (4 MiB, 2 in use)", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: silo did not answer", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silos_PrintsATable()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "silos");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("10.0.0.1:11111@1", result.Output, StringComparison.Ordinal);
        Assert.Contains("gpu0 (cuda, 40,960/81,920 MiB free)", result.Output, StringComparison.Ordinal);
        Assert.Contains("42", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_PrintsTheChainsNewStatus()
    {
        var result = await CliRunner.RunAsync(server.BaseAddress, "cancel", "ok", "--reason", "no longer needed");

        Assert.Equal((0, "chain ok: cancelled"), (result.ExitCode, result.Output.Trim()));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
