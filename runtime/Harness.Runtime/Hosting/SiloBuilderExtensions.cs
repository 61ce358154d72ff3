using System.Reflection;
using Harness.Runtime.Membership;
using Harness.Runtime.Placement;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;
using Harness.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Hosting;

/// <summary>Configures what a silo hosts.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Hosts the grain classes (and uses the grain interfaces) declared in <paramref name="assembly"/>.</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        builder.Services.AddSingleton(new GrainAssemblyRegistration(assembly));
        return builder;
    }

    /// <summary>Hosts the grains declared in the assembly of <typeparamref name="T"/>.</summary>
    public static ISiloBuilder AddGrainAssemblyOf<T>(this ISiloBuilder builder) => builder.AddGrainAssembly(typeof(T).Assembly);

    /// <summary>Adds an in-memory storage provider (state lives as long as the process).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddMemoryGrainStorage(name);
        return builder.RecordStorageProvider(name, "memory");
    }

    /// <summary>Records a storage provider's name for start-up validation messages (provider packages call it).</summary>
    public static ISiloBuilder RecordStorageProvider(this ISiloBuilder builder, string name, string kind)
    {
        builder.Services.AddSingleton(new StorageProviderRegistration(name, kind));
        return builder;
    }

    /// <summary>Keeps reminders in memory: they survive deactivation, not the process.</summary>
    public static ISiloBuilder UseInMemoryReminders(this ISiloBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<IReminderTable, InMemoryReminderTable>());
        return builder;
    }

    /// <summary>
    /// Makes the silo a member of a cluster whose membership table and grain directory are the given in-memory
    /// instances: silos of one process that share them form a cluster (for tests). Silo-to-silo calls still
    /// travel over TCP, so each silo needs a <c>Harness:Silo:SiloPort</c>.
    /// </summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable membershipTable, InMemoryGrainDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(membershipTable);
        ArgumentNullException.ThrowIfNull(directory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(membershipTable));
        builder.Services.Replace(ServiceDescriptor.Singleton<IGrainDirectory>(directory));
        return builder;
    }

    /// <summary>Adds the in-silo stream provider under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) =>
            new MemoryStreamProvider(name, sp.GetRequiredService<SiloRuntime>(), sp.GetRequiredService<ILogger<MemoryStreamProvider>>()));
        return builder;
    }

    /// <summary>Registers the director that places grain classes carrying <typeparamref name="TStrategy"/>.</summary>
    public static ISiloBuilder AddPlacementDirector<TStrategy, TDirector>(this ISiloBuilder builder)
        where TStrategy : PlacementStrategy
        where TDirector : class, IPlacementDirector
    {
        builder.Services.AddKeyedSingleton<IPlacementDirector, TDirector>(typeof(TStrategy));
        return builder;
    }

    /// <summary>Adds a filter around every call grains of this silo receive.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IIncomingGrainCallFilter
    {
        builder.Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Adds a filter around every call made through this silo's grain references.</summary>
    public static ISiloBuilder AddOutgoingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IOutgoingGrainCallFilter
    {
        builder.Services.AddSingleton<IOutgoingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Advertises devices to placement.</summary>
    public static ISiloBuilder AddCapabilitiesProvider<TProvider>(this ISiloBuilder builder)
        where TProvider : class, ISiloCapabilitiesProvider
    {
        builder.Services.AddSingleton<ISiloCapabilitiesProvider, TProvider>();
        return builder;
    }
}
