using Harness.Grains.Chains.Execution;
using Harness.Grains.Inference;
using Harness.Grains.Tools;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Chains;

/// <summary>Adds what task chains need to a silo: their settings, the tool registry with the durable tool-call log, and an inference backend.</summary>
public static class ChainsSiloBuilderExtensions
{
    /// <summary>The configuration section of the deterministic inference backend.</summary>
    public const string DeterministicBackendSection = "Harness:Inference:Deterministic";

    /// <summary>
    /// Registers <see cref="ChainOptions"/> (section <c>Harness:Chains</c>), the tools (<c>Harness:Tools</c>) with a
    /// tool-call log kept in grain storage, and, unless another is registered, the deterministic inference backend
    /// (<c>Harness:Inference:Deterministic</c>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddHarnessChains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ChainOptions>().Bind(builder.Configuration.GetSection(ChainOptions.ConfigurationSectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChainOptions>, ChainOptionsValidator>());
        services.TryAddSingleton<IToolCallLog, GrainToolCallLog>();
        services.AddHarnessTools(builder.Configuration);
        services.TryAddSingleton<IInferenceBackend>(static sp => new DeterministicInferenceBackend(
            sp.GetRequiredService<IConfiguration>().GetSection(DeterministicBackendSection).Get<DeterministicInferenceOptions>() ?? new DeterministicInferenceOptions(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
