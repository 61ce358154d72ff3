using System.Net;
using Harness.Cli.Tests.Infrastructure;
using Harness.Client.Api;
using Harness.GrainInterfaces.Chains;

namespace Harness.Cli.Tests.Silo;

/// <summary>The client and the CLI against the real silo's /api routes.</summary>
public sealed class RealSiloCliTests(RealSiloFixture silo) : IClassFixture<RealSiloFixture>, IDisposable
{
    private const string EchoChain = """
        name: echo
        inputs: [word]
        nodes:
          - id: echo
            type: transform
            expression: "{{inputs.word}}"
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("harness-cli-silo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Client_SubmitAndFollow_EndsWithTheFinalEvent()
    {
        var client = silo.CreateApiClient();
        var options = new ChainSubmitOptions { Id = "client-echo" };
        options.Inputs["word"] = "hello";

        var accepted = await client.SubmitChainAsync(EchoChain, ChainDocumentKind.Yaml, options);
        var events = new List<ChainEvent>();
        await foreach (var chainEvent in client.FollowChainAsync(accepted.Id))
        {
            events.Add(chainEvent);
        }

        Assert.Equal("client-echo", accepted.Id);
        Assert.Equal(ChainEventKind.Succeeded, events[^1].Kind);
        Assert.Contains(events, e => e.Kind == ChainEventKind.NodeCompleted && e.NodeId == "echo");
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Contains("hello", (await client.GetChainAsync(accepted.Id)).Nodes.Single().Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_InvalidDefinition_CarriesTheServersPaths()
    {
        var exception = await Assert.ThrowsAsync<HarnessApiException>(() =>
            silo.CreateApiClient().SubmitChainAsync("""{ "name": "bad", "nodes": [ { "id": "a", "type": "gpt" } ] }""", ChainDocumentKind.Json));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains(exception.Errors, e => e.Path == "$.nodes[0].type");
    }

    [Fact]
    public async Task Client_UnknownChain_IsNotFound()
    {
        var exception = await Assert.ThrowsAsync<HarnessApiException>(() => silo.CreateApiClient().GetChainAsync("no-such-chain"));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task Cli_SubmitFollow_SucceedsAndPrintsTheNodesCompletion()
    {
        var file = Path.Combine(_directory, "echo.yaml");
        await File.WriteAllTextAsync(file, EchoChain);

        var result = await Run("submit", file, "--input", "word=hi", "--follow");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("nodeCompleted node=echo", result.Output, StringComparison.Ordinal);
        Assert.Contains("status: succeeded", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_InvalidDefinition_PrintsPathsAndExitsTwo()
    {
        var file = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(file, """{ "name": "bad", "nodes": [ { "id": "a", "type": "gpt" } ] }""");

        var result = await Run("submit", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.nodes[0].type: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chains")]
    [InlineData("agents")]
    [InlineData("devices")]
    [InlineData("silos")]
    public async Task Cli_Listings_PrintTables(string command)
    {
        var result = await Run(command);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("┌", result.Output, StringComparison.Ordinal);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRunner.RunAsync(silo.CreateHttpClient, null, [.. args, "--api", silo.BaseAddress.ToString()]);
}
