using Harness.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Harness.Runtime.Hosting;

/// <summary>Registers the in-memory grain storage provider.</summary>
public static class MemoryStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers an in-memory <see cref="IGrainStorage"/> under <paramref name="name"/> (a keyed singleton).
    /// States are lost when the process exits: for tests and development only.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The storage provider name, e.g. <see cref="GrainStorageNames.Default"/>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.TryAddSingleton(static _ => new GrainStateSerializer());
        services.AddKeyedSingleton<IGrainStorage>(name, static (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<GrainStateSerializer>()));
        return services;
    }
}
