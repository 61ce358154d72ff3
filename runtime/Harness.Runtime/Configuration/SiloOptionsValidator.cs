using Microsoft.Extensions.Options;

namespace Harness.Runtime.Configuration;

/// <summary>Validates <see cref="SiloOptions"/> at start-up.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotEmpty(failures, SiloOptions.SectionName, nameof(options.SiloName), options.SiloName);
        OptionChecks.NotEmpty(failures, SiloOptions.SectionName, nameof(options.AdvertisedHost), options.AdvertisedHost);
        OptionChecks.Positive(failures, SiloOptions.SectionName, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
