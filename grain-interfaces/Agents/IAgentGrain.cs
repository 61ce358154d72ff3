using Harness.Runtime;

namespace Harness.GrainInterfaces.Agents;

/// <summary>
/// An agent (keyed by its name) and the registry of its versions: definitions, lifecycle states and per-version
/// chain counters, all persisted after every change. Several versions can be online at once; new chains run on the
/// version they pin, or on the latest online version.
/// </summary>
/// <remarks>
/// Invalid arguments fail with <see cref="ArgumentException"/> (naming the offending field or version); requests the
/// current state forbids fail with <see cref="InvalidOperationException"/>; a version that is not registered fails with
/// <see cref="KeyNotFoundException"/>.
/// </remarks>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers a version in state <see cref="AgentVersionState.Registered"/>. Registering an identical definition
    /// again returns the existing version unchanged; a different definition for a registered version is refused.
    /// </summary>
    /// <param name="definition">The definition; its name must equal the grain's key.</param>
    /// <returns>The registered version.</returns>
    Task<AgentVersionInfo> RegisterVersion(AgentDefinition definition);

    /// <summary>Puts a version online (also from draining or offline), so new chains can run on it.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The version after the change.</returns>
    Task<AgentVersionInfo> SetOnline(string version);

    /// <summary>
    /// Stops new chains on a version: it becomes <see cref="AgentVersionState.Draining"/> while chains still run on
    /// it and <see cref="AgentVersionState.Offline"/> once none do.
    /// </summary>
    /// <param name="version">The version.</param>
    /// <returns>The version after the change.</returns>
    Task<AgentVersionInfo> SetOffline(string version);

    /// <summary>Lists the registered versions in version order (empty for an agent never registered).</summary>
    /// <returns>The versions.</returns>
    Task<IReadOnlyList<AgentVersionInfo>> GetVersions();

    /// <summary>
    /// Chooses the version a new chain runs on: <paramref name="pinnedVersion"/> when given (it must be online), else
    /// the latest online version in numeric order.
    /// </summary>
    /// <param name="pinnedVersion">The version the chain pins, or null for the latest online one.</param>
    /// <returns>The chosen version's definition.</returns>
    Task<AgentDefinition> ResolveVersion(string? pinnedVersion);

    /// <summary>Counts a chain started on a version, which must be online.</summary>
    /// <param name="version">The version the chain runs on.</param>
    /// <returns>A task that completes once the count is persisted.</returns>
    Task ChainStarted(string version);

    /// <summary>Counts a chain ended on a version; the last chain of a draining version takes it offline.</summary>
    /// <param name="version">The version the chain ran on.</param>
    /// <param name="succeeded">Whether the chain succeeded.</param>
    /// <param name="tokens">The tokens the chain used.</param>
    /// <returns>A task that completes once the count is persisted.</returns>
    Task ChainEnded(string version, bool succeeded, long tokens);

    /// <summary>Reads the agent's chain counters.</summary>
    /// <returns>The counters, per version and in total.</returns>
    Task<AgentMetrics> GetMetrics();
}
