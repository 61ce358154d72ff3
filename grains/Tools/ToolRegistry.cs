using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Tools;

/// <summary>
/// The versioned tools of a silo. Resolves a tool by name and optional version (the latest when omitted), enforces
/// <see cref="ToolOptions.MaxResultBytes"/>, and makes calls idempotent: a call whose key has a completed record in
/// the <see cref="IToolCallLog"/> returns the recorded result without running the tool, and concurrent calls with
/// one key run the tool once.
/// </summary>
public sealed partial class ToolRegistry
{
    private readonly ConcurrentDictionary<string, SortedList<string, ITool>> _tools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ToolResult>>> _inFlight = new(StringComparer.Ordinal);
    private readonly IToolCallLog _log;
    private readonly IOptionsMonitor<ToolOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="ToolRegistry"/> class.</summary>
    /// <param name="tools">The tools to register.</param>
    /// <param name="log">The log of completed calls.</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock that stamps completed calls.</param>
    /// <param name="logger">The logger.</param>
    public ToolRegistry(
        IEnumerable<ITool> tools,
        IToolCallLog log,
        IOptionsMonitor<ToolOptions> options,
        TimeProvider timeProvider,
        ILogger<ToolRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _log = log;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        foreach (var tool in tools)
        {
            Register(tool);
        }
    }

    /// <summary>Registers <paramref name="tool"/> under its name and version.</summary>
    /// <param name="tool">The tool.</param>
    /// <exception cref="InvalidOperationException">A tool with that name and version is already registered.</exception>
    public void Register(ITool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentException.ThrowIfNullOrWhiteSpace(tool.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(tool.Version);
        var versions = _tools.GetOrAdd(tool.Name, static _ => new SortedList<string, ITool>(ToolVersionComparer.Instance));
        lock (versions)
        {
            if (!versions.TryAdd(tool.Version, tool))
            {
                throw new InvalidOperationException($"Tool '{tool.Name}' version '{tool.Version}' is already registered.");
            }
        }
    }

    /// <summary>Lists the registered tools as (name, versions oldest first).</summary>
    /// <returns>The tools by name.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> List() =>
        _tools.OrderBy(static t => t.Key, StringComparer.Ordinal).ToDictionary(
            static t => t.Key,
            static t =>
            {
                lock (t.Value)
                {
                    return (IReadOnlyList<string>)[.. t.Value.Keys];
                }
            },
            StringComparer.Ordinal);

    /// <summary>Finds a tool by name and version.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="version">The version, or null (or empty) for the latest.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ToolException">No such tool or version; the message lists what is registered.</exception>
    public ITool Resolve(string name, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_tools.TryGetValue(name, out var versions) || versions.Count == 0)
        {
            var known = string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal));
            throw new ToolException($"Tool '{name}' is not registered (registered tools: {(known.Length == 0 ? "none" : known)}).");
        }

        lock (versions)
        {
            if (string.IsNullOrEmpty(version))
            {
                return versions.Values[versions.Count - 1];
            }

            if (versions.TryGetValue(version, out var tool))
            {
                return tool;
            }

            throw new ToolException($"Tool '{name}' has no version '{version}' (available versions: {string.Join(", ", versions.Keys)}).");
        }
    }

    /// <summary>
    /// Calls a tool idempotently: returns the recorded result when a call with <see cref="ToolCall.Key"/> completed
    /// before; otherwise runs the tool (once, however many callers share the key), checks the result's size and
    /// records it.
    /// </summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="version">The version, or null for the latest.</param>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Stops this caller's wait (and the call, when this caller started it).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ToolException">Unknown tool, failed call or oversize result.</exception>
    public async Task<ToolResult> InvokeAsync(string name, string? version, ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var tool = Resolve(name, version);
        var key = call.Key.Value;
        var recorded = await _log.FindAsync(call.Key, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return Replay(tool, recorded);
        }

        var created = new Lazy<Task<ToolResult>>(() => RunAsync(tool, call, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = _inFlight.GetOrAdd(key, created);
        if (!ReferenceEquals(entry, created))
        {
            LogJoined(_logger, tool.Name, key);
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<ToolResult>>>(key, entry));
        }
    }

    private ToolResult Replay(ITool tool, ToolCallRecord recorded)
    {
        if (!string.Equals(recorded.ToolName, tool.Name, StringComparison.Ordinal))
        {
            throw new ToolException(
                $"Tool call '{recorded.Key}' was recorded for tool '{recorded.ToolName}' v{recorded.ToolVersion}, not '{tool.Name}': the idempotency key is reused.");
        }

        LogReplayed(_logger, tool.Name, recorded.ToolVersion, recorded.Key.Value);
        return recorded.Result;
    }

    private async Task<ToolResult> RunAsync(ITool tool, ToolCall call, CancellationToken cancellationToken)
    {
        // A call that completed while this one waited to start is not repeated.
        var recorded = await _log.FindAsync(call.Key, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            return Replay(tool, recorded);
        }

        LogInvoking(_logger, tool.Name, tool.Version, call.Key.Value);
        ToolResult result;
        try
        {
            result = await tool.InvokeAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ToolException and not OperationCanceledException)
        {
            throw new ToolException($"Tool '{tool.Name}' v{tool.Version} failed: {exception.Message}", exception);
        }

        var limit = _options.CurrentValue.MaxResultBytes;
        var size = result.SizeBytes;
        if (size > limit)
        {
            LogOversize(_logger, tool.Name, tool.Version, call.Key.Value, size, limit);
            throw new ToolException(string.Create(
                CultureInfo.InvariantCulture,
                $"Tool '{tool.Name}' v{tool.Version} returned a result of {size} bytes, over the limit of {limit} bytes ({ToolOptions.ConfigurationSectionName}:MaxResultBytes)."));
        }

        await _log.RecordAsync(new ToolCallRecord(call.Key, tool.Name, tool.Version, result, _timeProvider.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
