using Harness.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Harness.Runtime.Streams.Durable;

/// <summary>Validates <see cref="DurableStreamOptions"/> at start-up; every failure names the setting and the provider.</summary>
internal sealed class DurableStreamOptionsValidator : IValidateOptions<DurableStreamOptions>
{
    private const string Section = DurableStreamOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DurableStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Positive(failures, Section, nameof(options.PollPeriod), options.PollPeriod);
        OptionChecks.Positive(failures, Section, nameof(options.LeaseDuration), options.LeaseDuration);
        OptionChecks.Positive(failures, Section, nameof(options.RetryDelay), options.RetryDelay);
        OptionChecks.Positive(failures, Section, nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        if (options.PollPeriod > TimeSpan.Zero && options.LeaseDuration < options.PollPeriod * 2)
        {
            failures.Add($"{Section}:{nameof(options.LeaseDuration)} ({options.LeaseDuration}) must be at least twice {nameof(options.PollPeriod)} ({options.PollPeriod}), so a lease outlives a missed renewal.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{Section}:{nameof(options.MaxRetryDelay)} ({options.MaxRetryDelay}) must not be less than {nameof(options.RetryDelay)} ({options.RetryDelay}).");
        }

        Range(failures, nameof(options.Partitions), options.Partitions, 1, 4096);
        Range(failures, nameof(options.BatchSize), options.BatchSize, 1, 10_000);
        Range(failures, nameof(options.MaxWakesPerSweep), options.MaxWakesPerSweep, 1, 1_000_000);
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var where = string.IsNullOrEmpty(name) ? string.Empty : $" (durable stream provider '{name}')";
        return ValidateOptionsResult.Fail(failures.Select(f => f + where));
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
