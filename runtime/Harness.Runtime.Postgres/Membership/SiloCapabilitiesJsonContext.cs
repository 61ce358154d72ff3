using System.Text.Json.Serialization;
using Harness.Runtime.Placement;

namespace Harness.Runtime.Postgres.Membership;

/// <summary>
/// The JSON of the <c>capabilities</c> column (camelCase, e.g. <c>{"devices":[...],"activationCount":3}</c>),
/// generated at compile time: no reflection-based serialization.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SiloCapabilities))]
internal sealed partial class SiloCapabilitiesJsonContext : JsonSerializerContext
{
}
