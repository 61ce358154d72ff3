using Harness.GrainInterfaces.Agents;

namespace Harness.Silo.Api;

/// <summary>An agent as <c>GET /api/agents</c> lists it.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Versions">Every registered version, in version order.</param>
/// <param name="Metrics">The agent's chain counters, per version and in total.</param>
internal sealed record AgentOverview(string Name, IReadOnlyList<AgentVersionInfo> Versions, AgentMetrics Metrics);
