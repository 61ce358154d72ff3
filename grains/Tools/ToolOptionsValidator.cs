using Microsoft.Extensions.Options;

namespace Harness.Grains.Tools;

/// <summary>Validates <see cref="ToolOptions"/>; every failure names the setting.</summary>
internal sealed class ToolOptionsValidator : IValidateOptions<ToolOptions>
{
    public ValidateOptionsResult Validate(string? name, ToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxResultBytes <= 0
            ? ValidateOptionsResult.Fail($"{ToolOptions.ConfigurationSectionName}:MaxResultBytes must be positive, not {options.MaxResultBytes}.")
            : ValidateOptionsResult.Success;
    }
}
