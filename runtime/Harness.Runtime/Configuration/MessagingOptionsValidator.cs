using Microsoft.Extensions.Options;

namespace Harness.Runtime.Configuration;

/// <summary>Validates <see cref="MessagingOptions"/> at start-up.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, MessagingOptions.SectionName, nameof(options.ResponseTimeout), options.ResponseTimeout);
        OptionChecks.Positive(failures, MessagingOptions.SectionName, nameof(options.ResponseTimeoutResolution), options.ResponseTimeoutResolution);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
