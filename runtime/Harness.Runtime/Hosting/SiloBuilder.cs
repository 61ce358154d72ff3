using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Hosting;

/// <summary>The builder handed to <c>AddHarnessSilo</c>'s callback.</summary>
internal sealed class SiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
{
    public IServiceCollection Services => services;

    public IConfiguration Configuration => configuration;
}
