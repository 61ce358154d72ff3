using System.Collections.Concurrent;
using Harness.Inference.Generation;
using Harness.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.Cpu;

/// <summary>
/// The CPU transformer's models on this silo: which models it serves (declared ones, and every model folder under the
/// models path), the memory each one's weights take, and the models loaded per device, one load each, shared by every
/// generation on that device until the device grain evicts it.
/// </summary>
internal sealed partial class CpuModelHost : IModelHost, IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly CpuInferenceOptions _options;
    private readonly ILogger<CpuModelHost> _logger;
    private readonly Lazy<IReadOnlyDictionary<string, Entry>> _catalog;
    private readonly ConcurrentDictionary<(string Device, string Model), Lazy<Task<CpuTransformerBackend>>> _loaded = new();

    public CpuModelHost(IOptions<CpuInferenceOptions> options, ILogger<CpuModelHost> logger)
    {
        _options = options.Value;
        _logger = logger;
        _catalog = new Lazy<IReadOnlyDictionary<string, Entry>>(BuildCatalog, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyCollection<string> Models => [.. _catalog.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Reads the catalog now (generating missing demo models), so a bad model folder fails the silo's start.</summary>
    public void Prepare() => _ = _catalog.Value;

    public long? GetWeightsMb(string model) =>
        _catalog.Value.TryGetValue(model, out var entry) ? (entry.Config.ParameterCount * sizeof(float) + MiB - 1) / MiB : null;

    public async Task<(IInferenceBackend Backend, TimeSpan? ColdStart)> LoadAsync(string deviceId, string model, CancellationToken cancellationToken)
    {
        if (!_catalog.Value.TryGetValue(model, out var entry))
        {
            throw new InvalidOperationException($"The CPU backend of this silo does not serve model '{model}' (it serves {string.Join(", ", Models)}; add a model folder under {_options.ModelsPath}).");
        }

        var key = (deviceId, model);
        var load = _loaded.GetOrAdd(key, k => new Lazy<Task<CpuTransformerBackend>>(() => StartLoad(k, entry), LazyThreadSafetyMode.ExecutionAndPublication));
        var cold = !load.IsValueCreated || !load.Value.IsCompleted;
        var backend = await load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (backend, cold ? backend.Model.LoadTime : null);
    }

    public void Evict(string deviceId, string model)
    {
        if (_loaded.TryRemove((deviceId, model), out var load) && load.IsValueCreated)
        {
            // Evicted when no lease holds it: a preempted generation may still be unwinding, and ends as cancelled when
            // the engine stops; an unfinished load disposes when it ends.
            DisposeWhenLoaded(load);
            LogEvicted(_logger, model, deviceId);
        }
    }

    public TimeSpan? GetLoadTime(string deviceId, string model) =>
        _loaded.TryGetValue((deviceId, model), out var load) && load.IsValueCreated && load.Value.IsCompletedSuccessfully
            ? load.Value.Result.Model.LoadTime
            : null;

    public void Dispose()
    {
        foreach (var load in _loaded.Values)
        {
            if (load.IsValueCreated)
            {
                DisposeWhenLoaded(load);
            }
        }

        _loaded.Clear();
    }

    private static void DisposeWhenLoaded(Lazy<Task<CpuTransformerBackend>> load) =>
        _ = load.Value.ContinueWith(static t => t.Result.Model.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    /// <summary>Starts a load; a failed one removes itself, so the next request tries again (the file may have been fixed).</summary>
    private Task<CpuTransformerBackend> StartLoad((string Device, string Model) key, Entry entry)
    {
        var task = Task.Run(() => Load(key.Device, key.Model, entry));
        _ = task.ContinueWith(
            failed =>
            {
                if (_loaded.TryGetValue(key, out var current) && current.IsValueCreated && ReferenceEquals(current.Value, failed))
                {
                    _loaded.TryRemove(new KeyValuePair<(string, string), Lazy<Task<CpuTransformerBackend>>>(key, current));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        return task;
    }

    private CpuTransformerBackend Load(string deviceId, string model, Entry entry)
    {
        var loaded = CpuModel.Load(entry.Directory, new GenerationEngineOptions
        {
            MaxBatchSize = _options.MaxBatchSize,
            PrefillChunkTokens = _options.PrefillChunkTokens,
            MaxContextTokens = _options.MaxContextTokens,
        });
        InferenceMetrics.ModelLoadTime.Record(
            loaded.LoadTime.TotalMilliseconds,
            new KeyValuePair<string, object?>("model", model),
            new KeyValuePair<string, object?>("device", deviceId));
        LogLoaded(_logger, model, deviceId, loaded.WeightBytes / MiB, loaded.LoadTime.TotalMilliseconds);
        return new CpuTransformerBackend(model, loaded);
    }

    private Dictionary<string, Entry> BuildCatalog()
    {
        var root = Path.GetFullPath(_options.ModelsPath);
        var catalog = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var declared in _options.Models)
        {
            var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(declared.Path) ? Path.Combine(root, declared.Name) : declared.Path);
            if (!File.Exists(Path.Combine(directory, "config.json")) && declared.Generate is { Length: > 0 } kind)
            {
                var spec = kind == "vision" ? TinyModels.Vision() : TinyModels.Text();
                Generate(directory, declared.Seed is { } seed ? spec with { Seed = seed } : spec);
                LogGenerated(_logger, declared.Name, kind, directory);
            }

            catalog[declared.Name] = new Entry(directory, Describe(declared.Name, directory));
        }

        if (Directory.Exists(root))
        {
            foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(directory);
                if (!catalog.ContainsKey(name) && File.Exists(Path.Combine(directory, "config.json")) && CpuInferenceOptionsValidator.IsValidName(name))
                {
                    catalog[name] = new Entry(directory, Describe(name, directory));
                }
            }
        }

        LogCatalog(_logger, catalog.Count, root, string.Join(", ", catalog.Keys));
        return catalog;
    }

    /// <summary>
    /// Writes a demo model beside its folder and moves it into place, so a crash never leaves half a model and two
    /// silos sharing the folder (one machine, one working directory) do not write over each other.
    /// </summary>
    private static void Generate(string directory, TinyModelSpec spec)
    {
        var staging = directory + ".generating-" + Guid.NewGuid().ToString("N");
        TinyModelGenerator.Write(staging, spec);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
            if (Directory.Exists(directory) && Directory.GetFileSystemEntries(directory).Length == 0)
            {
                Directory.Delete(directory);
            }

            Directory.Move(staging, directory);
        }
        catch (IOException) when (File.Exists(Path.Combine(directory, "config.json")))
        {
            // Another silo generated it first: the same spec gives the same model.
            Directory.Delete(staging, recursive: true);
        }
    }

    private static TransformerConfig Describe(string name, string directory)
    {
        try
        {
            return CpuModel.ReadConfig(directory);
        }
        catch (ModelFormatException exception)
        {
            throw new InvalidOperationException($"Model '{name}' ({CpuInferenceOptions.ConfigurationSectionName}): {exception.Message}", exception);
        }
    }

    [LoggerMessage(EventId = 1450, Level = LogLevel.Information, Message = "CPU backend: {Count} models under {Root}: {Models}.")]
    private static partial void LogCatalog(ILogger logger, int count, string root, string models);

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information, Message = "CPU backend: generated the {Kind} demo model '{Model}' in {Directory}.")]
    private static partial void LogGenerated(ILogger logger, string model, string kind, string directory);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Information, Message = "CPU backend: loaded model '{Model}' on device {DeviceId} ({WeightsMb} MiB of weights in {LoadMs:F0} ms).")]
    private static partial void LogLoaded(ILogger logger, string model, string deviceId, long weightsMb, double loadMs);

    [LoggerMessage(EventId = 1453, Level = LogLevel.Information, Message = "CPU backend: unloaded model '{Model}' from device {DeviceId}.")]
    private static partial void LogEvicted(ILogger logger, string model, string deviceId);

    private sealed record Entry(string Directory, TransformerConfig Config);
}
