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
        if (options.MaxInboundRequestsPerConnection < 2)
        {
            failures.Add($"{MessagingOptions.SectionName}:{nameof(options.MaxInboundRequestsPerConnection)} must be at least 2 (got {options.MaxInboundRequestsPerConnection}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
