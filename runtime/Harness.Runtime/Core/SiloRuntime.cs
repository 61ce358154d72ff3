using Harness.Runtime.Activation;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Configuration;
using Harness.Runtime.Diagnostics;
using Harness.Runtime.Membership;
using Harness.Runtime.Messaging;
using Harness.Runtime.Placement;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Harness.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harness.Runtime;

/// <summary>
/// The silo's runtime: the catalog of activations, the dispatcher, the grain factory and the services grain
/// code reaches through its activation. One per silo (several may share a process in tests).
/// </summary>
internal sealed class SiloRuntime : IDisposable
{
    private ReminderService? _reminders;

    public SiloRuntime(
        IServiceProvider services,
        GrainCodeRegistry registry,
        TimeProvider timeProvider,
        IOptions<SiloOptions> siloOptions,
        IOptions<GrainCollectionOptions> collectionOptions,
        IOptions<MessagingOptions> messagingOptions,
        IOptions<ClusterOptions> clusterOptions,
        IEnumerable<IIncomingGrainCallFilter> incomingFilters,
        IEnumerable<IOutgoingGrainCallFilter> outgoingFilters,
        RuntimeMetrics metrics,
        ILoggerFactory loggerFactory,
        ILogger<SiloRuntime> logger)
    {
        Services = services;
        TimeProvider = timeProvider;
        SiloOptions = siloOptions.Value;
        CollectionOptions = collectionOptions.Value;
        MessagingOptions = messagingOptions.Value;
        IncomingFilters = [.. incomingFilters];
        OutgoingFilters = [.. outgoingFilters];
        Metrics = metrics;
        Log = new RuntimeLog(logger);
        LocalSilo = new SiloAddress(SiloOptions.AdvertisedHost, SiloOptions.SiloPort, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        GrainTypes = new GrainTypeManager(registry, CollectionOptions);
        Catalog = new Catalog(this);
        Dispatcher = new GrainCallDispatcher(this);
        GrainFactory = new GrainFactory(this);
        Placement = new PlacementService(this);
        Timeouts = new ResponseTimeoutTracker(timeProvider, MessagingOptions.ResponseTimeout, MessagingOptions.ResponseTimeoutResolution);
        metrics.ObserveActivations(() => Catalog.Count);
        if (services.GetService<IMembershipTable>() is { } membershipTable)
        {
            var directory = services.GetService<IGrainDirectory>()
                ?? throw new InvalidOperationException("A membership table is configured without a grain directory: a cluster needs both (UseInMemoryClustering or UsePostgresClustering registers them together).");
            var options = clusterOptions.Value;
            var membership = new ClusterMembershipService(this, membershipTable, directory, options, loggerFactory.CreateLogger<ClusterMembershipService>());
            Cluster = new ClusterRouter(this, membership, directory, new Transport.SiloConnections(this, options.ConnectTimeout, loggerFactory));
            metrics.ObserveMembership(() => membership.View.Entries
                .GroupBy(e => e.Status)
                .Select(g => new System.Diagnostics.Metrics.Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key.ToString()))));
        }
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public SiloOptions SiloOptions { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public MessagingOptions MessagingOptions { get; }

    public IIncomingGrainCallFilter[] IncomingFilters { get; }

    public IOutgoingGrainCallFilter[] OutgoingFilters { get; }

    public RuntimeMetrics Metrics { get; }

    public RuntimeLog Log { get; }

    public SiloAddress LocalSilo { get; }

    public GrainTypeManager GrainTypes { get; }

    public Catalog Catalog { get; }

    public GrainCallDispatcher Dispatcher { get; }

    public GrainFactory GrainFactory { get; }

    public PlacementService Placement { get; }

    public ResponseTimeoutTracker Timeouts { get; }

    /// <summary>Gets the cluster routing (membership, directory, silo connections), or null for a single silo.</summary>
    public ClusterRouter? Cluster { get; }

    public ReminderService Reminders => _reminders ??= Services.GetRequiredService<ReminderService>();

    public IStreamProvider GetStreamProvider(string name) =>
        Services.GetKeyedService<IStreamProvider>(name)
        ?? throw new InvalidOperationException($"No stream provider named '{name}' is registered with the silo (AddMemoryStreams(\"{name}\")).");

    public IGrainStorage GetGrainStorage(string? storageName, GrainClassInfo classInfo, string stateName)
    {
        var name = storageName ?? GrainStorageNames.Default;
        return Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"Grain class {classInfo.GrainClass.FullName} keeps state '{stateName}' in storage provider '{name}', which is not registered with the silo.");
    }

    public void Dispose() => Timeouts.Dispose();
}
