using Microsoft.Extensions.Options;

namespace Harness.Runtime.Sqlite;

/// <summary>Validates <see cref="SqliteStorageOptions"/>; every failure names the setting.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    private const string Section = SqliteStorageOptions.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = string.IsNullOrEmpty(name) ? string.Empty : $" (SQLite options '{name}')";
        List<string>? failures = null;

        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            (failures ??= []).Add($"{Section}:DataSource must not be empty{where}.");
        }
        else if (options.DataSource.Trim().StartsWith(':') || options.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            (failures ??= []).Add($"{Section}:DataSource must be a file path, not '{options.DataSource}': in-memory SQLite databases are not supported (use the memory grain storage){where}.");
        }
        else if (options.DataSource.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            (failures ??= []).Add($"{Section}:DataSource '{options.DataSource}' contains characters that are not valid in a path{where}.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            (failures ??= []).Add($"{Section}:Synchronous must be one of {string.Join(", ", Enum.GetNames<SqliteSynchronousMode>())}, not '{options.Synchronous}'{where}.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            (failures ??= []).Add($"{Section}:BusyTimeout must be between 00:00:00 and {TimeSpan.FromMilliseconds(int.MaxValue)}, not {options.BusyTimeout}{where}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
