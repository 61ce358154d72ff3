using Microsoft.Extensions.Options;

namespace Harness.Grains.Placement;

/// <summary>Validates <see cref="GpuAwarePlacementOptions"/>; every failure names the setting.</summary>
public sealed class GpuAwarePlacementOptionsValidator : IValidateOptions<GpuAwarePlacementOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GpuAwarePlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ReservationWindow is { } window && window <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{GpuAwarePlacementOptions.ConfigurationSectionName}:ReservationWindow must be positive when set, not {window}.")
            : ValidateOptionsResult.Success;
    }
}
