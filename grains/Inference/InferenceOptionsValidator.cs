using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference;

/// <summary>Validates <see cref="InferenceOptions"/> at start, naming the setting.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        if (options.MaxImageBytes <= 0)
        {
            failures.Add($"{InferenceOptions.ConfigurationSectionName}:MaxImageBytes must be positive, not {options.MaxImageBytes}.");
        }

        if (options.ImageFetchTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{InferenceOptions.ConfigurationSectionName}:ImageFetchTimeout must be a positive duration, not {options.ImageFetchTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
