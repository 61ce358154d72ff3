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
        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.SiloPort)} must be a TCP port (1-65535) or 0 for none (got {options.SiloPort}).");
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.ListenAddress)} must be an IP address (got '{options.ListenAddress}').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
