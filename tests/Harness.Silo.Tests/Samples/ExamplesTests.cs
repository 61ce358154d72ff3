using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Harness.Silo.Samples;
using Harness.Silo.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Harness.Silo.Tests.Samples;

/// <summary>The shipped examples run end to end on the embedded silo (the CPU transformer and its demo models), with its sample agents loaded.</summary>
public sealed class ExamplesTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<string> _orders = [];
    private WebApplication _shop = null!;
    private SiloFactory _silo = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // A stand-in for the online shop, on a real port: the http tool makes real requests.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _shop = builder.Build();
        _shop.MapPost("/orders", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (_orders)
            {
                _orders.Add(body);
            }

            return Results.Json(new { orderId = "o-1" }, statusCode: StatusCodes.Status201Created);
        });
        _shop.MapGet("/fridge.png", () => Results.Bytes(SampleFridgePhoto.Png, "image/png"));
        await _shop.StartAsync();
        var address = new Uri(_shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        ShopUrl = $"http://127.0.0.1:{address.Port}";
        _silo = new SiloFactory(new Dictionary<string, string?>
        {
            ["Harness:Tools:Http:AllowedHosts:0"] = $"127.0.0.1:{address.Port}",
        });
        _client = _silo.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _silo.DisposeAsync();
        await _shop.DisposeAsync();
    }

    private string ShopUrl { get; set; } = string.Empty;

    [Fact]
    public async Task SampleAgentsAreLoadedAtStart_WithTwoRecipeWriterVersionsOnline()
    {
        var agents = await WaitForAgentsAsync(2);

        Assert.Equal(["fridge-assistant", "recipe-writer"], agents.Select(a => a.GetProperty("name").GetString()));
        var versions = agents[1].GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], versions.Select(v => v.GetProperty("definition").GetProperty("version").GetString()));
        Assert.All(versions, v => Assert.Equal("online", v.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task FridgeExample_RunsForItsAgent_AndOrdersFromTheShopOnce()
    {
        await WaitForAgentsAsync(2);
        var chain = await RunAsync(
            "fridge.yaml",
            $"agent=fridge-assistant&input.photo={Uri.EscapeDataString(ShopUrl + "/fridge.png")}&input.diet=vegetarian&input.shop={Uri.EscapeDataString(ShopUrl)}");

        Assert.Equal("succeeded", chain.GetProperty("status").GetString());
        Assert.Equal("fridge-assistant", chain.GetProperty("agent").GetString());
        var order = Assert.Single(_orders);
        using var body = JsonDocument.Parse(order);
        Assert.Equal("vegetarian", body.RootElement.GetProperty("diet").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("dish").GetString()));
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        Assert.Equal("pending", nodes["simple-recipe"].GetProperty("status").GetString());
        Assert.True(nodes["vision"].GetProperty("tokens").GetInt64() > 0);
    }

    [Theory]
    [InlineData("high", "on-call")]
    [InlineData("low", "backlog")]
    public async Task TriageExample_RoutesByPriority(string priority, string route)
    {
        var chain = await RunAsync("support-triage.yaml", $"input.ticket=oven%20display%20blank&input.priority={priority}");

        Assert.Equal("succeeded", chain.GetProperty("status").GetString());
        using var result = JsonDocument.Parse(chain.GetProperty("result").GetString()!);
        Assert.Equal(route, result.RootElement.GetProperty("route").GetString());
    }

    [Fact]
    public async Task PollingLoopExample_GoesRoundThreeTimes()
    {
        var chain = await RunAsync("polling-loop.json", string.Empty);

        Assert.Equal("succeeded", chain.GetProperty("status").GetString());
        Assert.Equal("\"done after 3 iterations\"", chain.GetProperty("result").GetString());
        var wait = chain.GetProperty("nodes").EnumerateArray().First(n => n.GetProperty("id").GetString() == "wait");
        Assert.Equal(3, wait.GetProperty("completions").GetInt32());
    }

    [Fact]
    public async Task SampleShop_TakesAndListsOrders()
    {
        var posted = await _client.PostAsync(new Uri("/samples/shop/orders", UriKind.Relative), new StringContent("{\"dish\":\"soup\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var list = await _client.GetStringAsync(new Uri("/samples/shop/orders", UriKind.Relative));
        Assert.Contains("soup", list, StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string example, string query)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", example);
        var mediaType = example.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/yaml";
        var content = new StringContent(await File.ReadAllTextAsync(path), Encoding.UTF8, MediaTypeHeaderValue.Parse(mediaType));
        var accepted = await _client.PostAsync(new Uri($"/api/chains?{query}", UriKind.Relative), content);
        var acceptedText = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, acceptedText);
        var id = JsonDocument.Parse(acceptedText).RootElement.GetProperty("id").GetString()!;

        using var timeout = new CancellationTokenSource(Timeout);
        using var events = await _client.GetAsync(new Uri($"/api/chains/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await ServerSentEvent.ReadAsync(await events.Content.ReadAsStreamAsync(timeout.Token), null, timeout.Token);
        var snapshot = await _client.GetStringAsync(new Uri($"/api/chains/{id}", UriKind.Relative), timeout.Token);
        return JsonDocument.Parse(snapshot).RootElement.Clone();
    }

    private async Task<List<JsonElement>> WaitForAgentsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var text = await _client.GetStringAsync(new Uri("/api/agents", UriKind.Relative), timeout.Token);
            var agents = JsonDocument.Parse(text).RootElement.EnumerateArray().Select(a => a.Clone()).ToList();
            if (agents.Count >= count)
            {
                return agents;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
