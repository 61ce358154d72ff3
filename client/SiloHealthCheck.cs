using System.Text.Json;

namespace Harness.Client;

/// <summary>One entry of a silo's health report.</summary>
/// <param name="Status">The check's status.</param>
/// <param name="Description">What it found.</param>
/// <param name="Data">Figures the check reported (silo name, activations, probe latency...).</param>
public sealed record SiloHealthCheck(string Status, string? Description, IReadOnlyDictionary<string, JsonElement>? Data);
