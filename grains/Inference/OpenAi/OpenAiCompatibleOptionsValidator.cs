using System.Globalization;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>Validates <see cref="OpenAiCompatibleOptions"/>; every failure names the setting.</summary>
internal sealed class OpenAiCompatibleOptionsValidator : IValidateOptions<OpenAiCompatibleOptions>
{
    private const string Section = OpenAiCompatibleOptions.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, OpenAiCompatibleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // The key itself is never echoed: configuration errors end up in logs.
        if (options.ApiKey is { Length: > 0 } key && key.Any(static c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{Section}:ApiKey must not contain spaces, line breaks or other control characters.");
        }

        RequirePositive(failures, "ConnectTimeout", options.ConnectTimeout);
        RequirePositive(failures, "FirstByteTimeout", options.FirstByteTimeout);
        RequirePositive(failures, "IdleTimeout", options.IdleTimeout);

        if (options.MaxRetries is < 0 or > OpenAiCompatibleOptions.MaxRetriesLimit)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Section}:MaxRetries must be between 0 and {OpenAiCompatibleOptions.MaxRetriesLimit}, not {options.MaxRetries}."));
        }

        RequirePositive(failures, "RetryBaseDelay", options.RetryBaseDelay);
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay must be at least {Section}:RetryBaseDelay ({options.RetryBaseDelay}), not {options.RetryMaxDelay}.");
        }

        var models = options.Models ?? [];
        for (var i = 0; i < models.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(models[i]))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Models:{i} must be a model name, not empty."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string setting, TimeSpan value)
    {
        // Timeouts feed CancelAfter and Task.Delay, which refuse values beyond about 49 days.
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > uint.MaxValue - 1)
        {
            failures.Add($"{Section}:{setting} must be positive and under 49 days, not {value}.");
        }
    }
}
