using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Harness.Silo.Samples;

/// <summary>
/// A stand-in for the online shop the fridge example orders from: it accepts JSON orders and lists them, in memory.
/// It exists so the examples' <c>http</c> tool step has a real endpoint to call on a machine without network access.
/// </summary>
internal static class SampleShopEndpoints
{
    /// <summary>Maps <c>POST /samples/shop/orders</c>, <c>GET /samples/shop/orders</c> and the photo <c>GET /samples/fridge.png</c> when the shop is enabled.</summary>
    public static IEndpointRouteBuilder MapSampleShop(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SampleOptions>>().Value.Shop)
        {
            return app;
        }

        // The fridge example's photo, for its vision step.
        app.MapGet("/samples/fridge.png", () => Results.Bytes(SampleFridgePhoto.Png, "image/png")).ExcludeFromDescription();
        var group = app.MapGroup("/samples/shop").ExcludeFromDescription();
        group.MapPost("/orders", async (HttpRequest request, SampleShop shop, CancellationToken cancellationToken) =>
        {
            JsonElement body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
            }
            catch (JsonException exception)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid order", detail: $"The order must be JSON: {exception.Message}");
            }

            var order = shop.Accept(body);
            return Results.Created($"/samples/shop/orders/{order.OrderId}", order);
        });
        group.MapGet("/orders", (SampleShop shop) => Results.Ok(shop.List()));
        return app;
    }
}
