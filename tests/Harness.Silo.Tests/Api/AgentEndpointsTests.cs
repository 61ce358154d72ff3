using System.Net;
using System.Text.Json;
using Harness.GrainInterfaces.Agents;
using Xunit;

namespace Harness.Silo.Tests.Api;

public sealed class AgentEndpointsTests(ApiSiloFixture silo) : IClassFixture<ApiSiloFixture>
{
    [Fact]
    public async Task Register_ThenOnlineAndOffline_AnswersTheVersionEachTime()
    {
        var definition = new AgentDefinition { Name = "chef", Version = "1", Model = "tiny-llm", Tools = ["http"], DefaultQos = GrainInterfaces.Chains.QosClass.Background };

        var created = await silo.PostJsonAsync("/api/agents", definition);
        Assert.Equal("/api/agents/chef", created.Headers.Location?.OriginalString);
        var registered = await ApiSiloFixture.ReadAsync<AgentVersionInfo>(created, HttpStatusCode.Created);
        var online = await ApiSiloFixture.ReadAsync<AgentVersionInfo>(await silo.PostAsync("/api/agents/chef/versions/1/online"));
        var offline = await ApiSiloFixture.ReadAsync<AgentVersionInfo>(await silo.PostAsync("/api/agents/chef/versions/1/offline"));

        Assert.Equal(AgentVersionState.Registered, registered.State);
        Assert.Equal("tiny-llm", registered.Definition.Model);
        Assert.Equal(AgentVersionState.Online, online.State);
        Assert.Equal(AgentVersionState.Offline, offline.State);
    }

    [Fact]
    public async Task List_ShowsEveryRegisteredAgentWithVersionsAndMetrics()
    {
        await ApiSiloFixture.ReadAsync<AgentVersionInfo>(await silo.PostJsonAsync("/api/agents", new AgentDefinition { Name = "lister", Version = "1", Model = "m" }), HttpStatusCode.Created);
        await ApiSiloFixture.ReadAsync<AgentVersionInfo>(await silo.PostJsonAsync("/api/agents", new AgentDefinition { Name = "lister", Version = "2", Model = "m" }), HttpStatusCode.Created);

        var response = await silo.GetAsync("/api/agents");
        var text = await response.Content.ReadAsStringAsync();
        using var list = JsonDocument.Parse(text);
        var lister = list.RootElement.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "lister");
        using var one = JsonDocument.Parse(await (await silo.GetAsync("/api/agents/lister")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2"], lister.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("definition").GetProperty("version").GetString()));
        Assert.Equal("registered", lister.GetProperty("versions")[0].GetProperty("state").GetString());
        Assert.Equal("standard", lister.GetProperty("versions")[0].GetProperty("definition").GetProperty("defaultQos").GetString());
        Assert.Equal("lister", lister.GetProperty("metrics").GetProperty("name").GetString());
        Assert.Equal(2, one.RootElement.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Register_MissingField_Answers400NamingIt()
    {
        var response = await silo.PostAsync("/api/agents", ApiSiloFixture.Document("""{ "name": "nomodel", "version": "1" }""", "application/json"));

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("model", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidVersion_Answers400FromTheGrain()
    {
        var response = await silo.PostJsonAsync("/api/agents", new AgentDefinition { Name = "badversion", Version = "one", Model = "m" });

        var problem = await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("version", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_ChangedDefinitionOfAVersion_Answers409()
    {
        await ApiSiloFixture.ReadAsync<AgentVersionInfo>(await silo.PostJsonAsync("/api/agents", new AgentDefinition { Name = "fixed", Version = "1", Model = "a" }), HttpStatusCode.Created);

        var response = await silo.PostJsonAsync("/api/agents", new AgentDefinition { Name = "fixed", Version = "1", Model = "b" });

        await ApiSiloFixture.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UnknownAgentOrVersion_Answers404Problem()
    {
        await ApiSiloFixture.AssertProblemAsync(await silo.GetAsync("/api/agents/nobody"), HttpStatusCode.NotFound);
        await ApiSiloFixture.AssertProblemAsync(await silo.PostAsync("/api/agents/nobody/versions/1/online"), HttpStatusCode.NotFound);
    }
}
