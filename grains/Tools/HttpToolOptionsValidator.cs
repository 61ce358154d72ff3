using System.Globalization;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Tools;

/// <summary>Validates <see cref="HttpToolOptions"/>; every failure names the setting.</summary>
internal sealed class HttpToolOptionsValidator : IValidateOptions<HttpToolOptions>
{
    private const string Section = HttpToolOptions.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, HttpToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        var hosts = options.AllowedHosts ?? [];
        for (var i = 0; i < hosts.Length; i++)
        {
            if (!AllowedHost.TryParse(hosts[i], out _))
            {
                (failures ??= []).Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Section}:AllowedHosts:{i} must be a host name with an optional port (e.g. 'api.example.com' or 'localhost:8080'), not '{hosts[i]}'."));
            }
        }

        if (options.DefaultTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{Section}:DefaultTimeout must be positive, not {options.DefaultTimeout}.");
        }

        if (options.MaxResponseBytes <= 0)
        {
            (failures ??= []).Add($"{Section}:MaxResponseBytes must be positive, not {options.MaxResponseBytes}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
