using System.Text.Json;

namespace Harness.Silo.Samples;

/// <summary>An order the sample shop accepted.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Body">The order as posted.</param>
public sealed record SampleOrder(string OrderId, DateTimeOffset ReceivedAt, JsonElement Body);
