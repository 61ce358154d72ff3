using System.Globalization;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Devices;

/// <summary>Validates <see cref="DeviceOptions"/>; every failure names the setting (and the index of a declared device).</summary>
public sealed class DeviceOptionsValidator : IValidateOptions<DeviceOptions>
{
    private const string Section = DeviceOptions.ConfigurationSectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Declared.Count; i++)
        {
            var device = options.Declared[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"{Section}:Declared:{i}");
            if (!IsValidId(device.Id))
            {
                failures.Add($"{path}:Id must be non-empty and use only letters, digits, '-', '_' and '.', not '{device.Id}'.");
            }
            else if (!ids.Add(device.Id))
            {
                failures.Add($"{path}:Id '{device.Id}' is declared more than once.");
            }

            if (!IsValidId(device.Kind))
            {
                failures.Add($"{path}:Kind must be a device kind such as 'gpu', 'npu' or 'cpu', not '{device.Kind}'.");
            }

            if (device.VramMb <= 0)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:VramMb must be positive, not {device.VramMb}."));
            }

            if (device.Endpoint is { Length: > 0 } endpoint
                && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                failures.Add($"{path}:Endpoint must be an absolute http or https URI, not '{endpoint}'.");
            }
        }

        if (options.CpuMemoryMb is <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:CpuMemoryMb must be positive when set, not {options.CpuMemoryMb}."));
        }

        if (!(options.BackgroundShare is >= 0 and <= 1))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:BackgroundShare must be between 0 and 1, not {options.BackgroundShare}."));
        }

        if (options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:SweepInterval must be positive, not {options.SweepInterval}.");
        }

        if (options.DefaultWaitTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DefaultWaitTimeout must be positive, not {options.DefaultWaitTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
