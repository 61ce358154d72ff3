using Microsoft.Extensions.Options;

namespace Harness.Silo.Api;

/// <summary>Validates <see cref="SiloApiOptions"/> at start, naming the setting.</summary>
internal sealed class SiloApiOptionsValidator : IValidateOptions<SiloApiOptions>
{
    private static readonly TimeSpan MaxEventPollWait = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, SiloApiOptions options)
    {
        var failures = new List<string>();
        if (options.EventPollWait <= TimeSpan.Zero || options.EventPollWait > MaxEventPollWait)
        {
            // The chain grain's GetEvents answers within its two-minute response timeout only for shorter waits.
            failures.Add($"{SiloApiOptions.SectionName}:{nameof(SiloApiOptions.EventPollWait)} must be between 0 and {MaxEventPollWait}, not {options.EventPollWait}.");
        }

        if (options.DeviceStatusTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{SiloApiOptions.SectionName}:{nameof(SiloApiOptions.DeviceStatusTimeout)} must be a positive duration, not {options.DeviceStatusTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
