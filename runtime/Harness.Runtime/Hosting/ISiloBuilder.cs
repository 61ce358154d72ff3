using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Hosting;

/// <summary>Configures a silo: grain assemblies, storage, reminders, streams, placement and filters.</summary>
public interface ISiloBuilder
{
    /// <summary>Gets the host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the host's configuration.</summary>
    IConfiguration Configuration { get; }
}
