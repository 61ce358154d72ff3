using Microsoft.Extensions.Options;

namespace Harness.Grains.Chains.Execution;

/// <summary>Validates <see cref="ChainOptions"/> at start, naming the offending setting.</summary>
public sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    private const string Section = ChainOptions.ConfigurationSectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RecoveryPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RecoveryPeriod must be positive, not {options.RecoveryPeriod}.");
        }

        if (options.MaxTokens < 1)
        {
            failures.Add($"{Section}:MaxTokens must be at least 1, not {options.MaxTokens}.");
        }

        if (options.LeaseTimeSlice <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:LeaseTimeSlice must be positive, not {options.LeaseTimeSlice}.");
        }

        if (options.ListCapacity < 1)
        {
            failures.Add($"{Section}:ListCapacity must be at least 1, not {options.ListCapacity}.");
        }

        if (options.MaxEventsPerPage < 1)
        {
            failures.Add($"{Section}:MaxEventsPerPage must be at least 1, not {options.MaxEventsPerPage}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
