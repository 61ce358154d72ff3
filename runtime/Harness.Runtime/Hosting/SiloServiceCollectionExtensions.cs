using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Configuration;
using Harness.Runtime.Diagnostics;
using Harness.Runtime.Placement;
using Harness.Runtime.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Hosting;

/// <summary>Adds a silo to a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo to the host: the runtime, its options (bound from the <c>Harness</c> configuration section and
    /// validated at start), the built-in placement directors, and whatever <paramref name="configure"/> adds.
    /// </summary>
    public static IHostApplicationBuilder AddHarnessSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHarnessSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds a silo to a service collection; see the <see cref="IHostApplicationBuilder"/> overload.</summary>
    public static IServiceCollection AddHarnessSilo(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SiloRuntime)))
        {
            throw new InvalidOperationException("AddHarnessSilo was called twice on the same services.");
        }

        AddValidatedOptions<SiloOptions, SiloOptionsValidator>(services, configuration, SiloOptions.SectionName);
        AddValidatedOptions<GrainCollectionOptions, GrainCollectionOptionsValidator>(services, configuration, GrainCollectionOptions.SectionName);
        AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(services, configuration, MessagingOptions.SectionName);
        AddValidatedOptions<ReminderOptions, ReminderOptionsValidator>(services, configuration, ReminderOptions.SectionName);
        AddValidatedOptions<ClusterOptions, ClusterOptionsValidator>(services, configuration, ClusterOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton(sp =>
        {
            var registry = new GrainCodeRegistry();
            registry.AddAssembly(typeof(SiloRuntime).Assembly);
            foreach (var registration in sp.GetServices<GrainAssemblyRegistration>().DistinctBy(r => r.Assembly))
            {
                registry.AddAssembly(registration.Assembly);
            }

            return registry;
        });
        services.AddSingleton<SiloRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<ReminderService>();
        services.AddSingleton<SiloLifecycle>();
        services.AddSingleton<ISiloStatus>(sp => sp.GetRequiredService<SiloLifecycle>());
        services.AddSingleton<Membership.IClusterMembershipView, Membership.ClusterMembershipView>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloLifecycle>());

        var silo = new SiloBuilder(services, configuration);
        silo.AddPlacementDirector<RandomPlacement, RandomPlacementDirector>();
        silo.AddPlacementDirector<PreferLocalPlacement, PreferLocalPlacementDirector>();
        silo.AddPlacementDirector<HashBasedPlacement, HashBasedPlacementDirector>();
        silo.AddPlacementDirector<ActivationCountPlacement, ActivationCountPlacementDirector>();
        configure?.Invoke(silo);
        return services;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
