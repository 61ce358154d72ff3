using System.Net;
using Xunit;

namespace Harness.Silo.Tests.Api;

public sealed class ChainRequestValidationTests(ApiSiloFixture silo) : IClassFixture<ApiSiloFixture>
{
    private const string ValidYaml = """
        name: echo
        inputs: [word]
        nodes:
          - id: echo
            type: transform
            expression: "{{inputs.word}}"
        """;

    [Fact]
    public async Task Submit_InvalidJsonDocument_AnswersEveryProblemWithItsPath()
    {
        const string document = """{ "name": "bad", "nodes": [ { "id": "a", "type": "gpt" }, { "id": "a", "type": "transform", "expression": "x", "timeoutMs": 5 } ] }""";

        var response = await silo.PostAsync("/api/chains", ApiSiloFixture.Document(document, "application/json"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid chain definition", problem.GetProperty("title").GetString());
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.nodes[0].type", paths);
        Assert.Contains("$.nodes[1].timeoutMs", paths);
        Assert.Contains("$.nodes[1].id", paths);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Submit_InvalidYamlDocument_AnswersPathsOfTheEquivalentJson()
    {
        const string document = """
            name: bad
            nodes:
              - id: a
                type: transform
                expression: "{{inputs.missing}}"
                retry: { attempts: 0 }
            """;

        var response = await silo.PostAsync("/api/chains", ApiSiloFixture.Document(document, "application/x-yaml"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.nodes[0].retry.attempts", paths);
        Assert.Contains("$.nodes[0].expression", paths);
    }

    [Fact]
    public async Task Submit_MalformedJson_Answers400WithThePosition()
    {
        var response = await silo.PostAsync("/api/chains", ApiSiloFixture.Document("{ \"name\": ", "application/json"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("malformed JSON", problem.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Submit_OtherContentType_Answers415Problem(string contentType)
    {
        var response = await silo.PostAsync("/api/chains", ApiSiloFixture.Document(ValidYaml, contentType));

        await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_BadQos_Answers400NamingTheParameter()
    {
        var response = await silo.PostAsync("/api/chains?qos=urgent&input.word=hi", ApiSiloFixture.Document(ValidYaml, "application/yaml"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("'qos'", detail, StringComparison.Ordinal);
        Assert.Contains("realtime, standard, background", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("a-very-long-id-that-goes-on-and-on-well-beyond-the-sixty-four-characters-allowed")]
    public async Task Submit_BadChainId_Answers400NamingTheParameter(string id)
    {
        var response = await silo.PostAsync($"/api/chains?id={Uri.EscapeDataString(id)}&input.word=hi", ApiSiloFixture.Document(ValidYaml, "text/yaml"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'id'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MissingAndUnknownInputs_Answers400NamingThem()
    {
        const string document = """
            name: two-inputs
            inputs: [photo, diet]
            nodes:
              - id: t
                type: transform
                expression: "{{inputs.photo}} {{inputs.diet}}"
            """;

        var response = await silo.PostAsync("/api/chains?input.diet=vegan&input.colour=red", ApiSiloFixture.Document(document, "application/yaml"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(["input.photo", "input.colour"], paths);
        Assert.Contains("photo", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_DocumentOverTheLimit_Answers413BeforeParsing()
    {
        var document = "name: big\n# " + new string('x', 300 * 1024) + "\nnodes: []\n";

        var response = await silo.PostAsync("/api/chains", ApiSiloFixture.Document(document, "application/yaml"));

        await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task List_BadStatusOrLimit_Answers400NamingTheParameter()
    {
        var badStatus = await ApiSiloFixture.AssertProblemAsync(await silo.GetAsync("/api/chains?status=done"), HttpStatusCode.BadRequest);
        var badLimit = await ApiSiloFixture.AssertProblemAsync(await silo.GetAsync("/api/chains?limit=0"), HttpStatusCode.BadRequest);

        Assert.Contains("'status'", badStatus.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'limit'", badLimit.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/chains/never-submitted")]
    [InlineData("GET", "/api/chains/never-submitted/events")]
    [InlineData("POST", "/api/chains/never-submitted/cancel")]
    [InlineData("POST", "/api/chains/never-submitted/pause")]
    [InlineData("POST", "/api/chains/never-submitted/resume")]
    public async Task UnknownChain_Answers404Problem(string method, string path)
    {
        var response = method == "GET" ? await silo.GetAsync(path) : await silo.PostAsync(path);

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("never-submitted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_BadLastEventId_Answers400NamingTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/chains/any/events", UriKind.Relative));
        request.Headers.Add("Last-Event-ID", "yesterday");

        var response = await silo.Client.SendAsync(request);

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Last-Event-ID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_MalformedBody_Answers400()
    {
        var response = await silo.PostAsync("/api/chains/whatever/cancel", ApiSiloFixture.Document("{ reason", "application/json"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("cancel request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
