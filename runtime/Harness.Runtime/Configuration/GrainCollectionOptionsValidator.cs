using Microsoft.Extensions.Options;

namespace Harness.Runtime.Configuration;

/// <summary>Validates <see cref="GrainCollectionOptions"/> at start-up.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, GrainCollectionOptions.SectionName, nameof(options.CollectionAge), options.CollectionAge);
        OptionChecks.Positive(failures, GrainCollectionOptions.SectionName, nameof(options.CollectionQuantum), options.CollectionQuantum);
        OptionChecks.Positive(failures, GrainCollectionOptions.SectionName, nameof(options.ActivationTimeout), options.ActivationTimeout);
        OptionChecks.Positive(failures, GrainCollectionOptions.SectionName, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        if (options.CollectionQuantum > options.CollectionAge && options.CollectionAge > TimeSpan.Zero)
        {
            failures.Add($"{GrainCollectionOptions.SectionName}:{nameof(options.CollectionQuantum)} ({options.CollectionQuantum}) must not exceed {nameof(options.CollectionAge)} ({options.CollectionAge}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
