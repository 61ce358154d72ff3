using Harness.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Grains.Tests.Placement;

/// <summary>A silo builder over a plain service collection, to resolve what an extension registers without a host.</summary>
public sealed class TestSiloBuilder(IServiceCollection services, IReadOnlyDictionary<string, string?>? settings = null) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
}
