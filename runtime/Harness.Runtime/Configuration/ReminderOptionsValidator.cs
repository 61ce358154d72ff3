using Microsoft.Extensions.Options;

namespace Harness.Runtime.Configuration;

/// <summary>Validates <see cref="ReminderOptions"/> at start-up.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, ReminderOptions.SectionName, nameof(options.MinimumPeriod), options.MinimumPeriod);
        OptionChecks.Positive(failures, ReminderOptions.SectionName, nameof(options.RefreshPeriod), options.RefreshPeriod);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
