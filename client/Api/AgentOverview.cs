using Harness.GrainInterfaces.Agents;

namespace Harness.Client.Api;

/// <summary>An agent with its registered versions and metrics, as <c>GET /api/agents</c> lists it.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Versions">Every registered version.</param>
/// <param name="Metrics">The agent's counters, overall and per version.</param>
public sealed record AgentOverview(string Name, IReadOnlyList<AgentVersionInfo> Versions, AgentMetrics? Metrics);
