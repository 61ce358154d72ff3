namespace Harness.Runtime.Configuration;

/// <summary>Checks shared by option validators; every message names the setting as it is configured.</summary>
internal static class OptionChecks
{
    public static void Positive(List<string> failures, string section, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{setting} must be a positive duration (got {value}).");
        }
    }

    public static void NotEmpty(List<string> failures, string section, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{section}:{setting} must not be empty.");
        }
    }
}
