using Microsoft.Extensions.Options;
using Npgsql;

namespace Harness.Runtime.Postgres;

/// <summary>Validates <see cref="PostgresStorageOptions"/>; every failure names the setting.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    private const string Section = PostgresStorageOptions.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = string.IsNullOrEmpty(name) ? string.Empty : $" (PostgreSQL options '{name}')";
        List<string>? failures = null;

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            (failures ??= []).Add(
                $"{Section}:ConnectionString must be set, e.g. \"Host=localhost;Port=5432;Username=harness;Password=...;Database=harness\"{where}.");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    (failures ??= []).Add($"{Section}:ConnectionString must name the server (Host=...){where}.");
                }
            }
            catch (ArgumentException ex)
            {
                // The driver's message names the offending keyword; the connection string itself may hold a password.
                (failures ??= []).Add($"{Section}:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}{where}.");
            }
        }

        if (options.StartupRetryDelay <= TimeSpan.Zero || options.StartupRetryDelay.TotalMilliseconds > int.MaxValue)
        {
            (failures ??= []).Add(
                $"{Section}:StartupRetryDelay must be greater than 00:00:00 and at most {TimeSpan.FromMilliseconds(int.MaxValue)}, not {options.StartupRetryDelay}{where}.");
        }

        if (options.StartupTimeout != Timeout.InfiniteTimeSpan && options.StartupTimeout < TimeSpan.Zero)
        {
            (failures ??= []).Add(
                $"{Section}:StartupTimeout must be 00:00:00 (try once), a positive duration or {Timeout.InfiniteTimeSpan} (retry until stopped), not {options.StartupTimeout}{where}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
