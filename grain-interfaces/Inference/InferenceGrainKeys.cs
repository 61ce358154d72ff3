using System.Globalization;

namespace Harness.GrainInterfaces.Inference;

/// <summary>
/// Keys of inference grains: <c>{deviceKind}|{vramMb}|{model}|{executionId}</c>. The key carries the resource demand
/// so the GPU-aware placement director can choose a silo from the key alone, before the grain exists; each execution
/// (chain, node, attempt, resumption) is its own activation, so every resumption is placed afresh.
/// </summary>
public static class InferenceGrainKeys
{
    private const char Separator = '|';

    /// <summary>Builds the key of one inference execution.</summary>
    /// <param name="deviceKind">The device kind it needs (<c>gpu</c>, <c>cpu</c>, ...).</param>
    /// <param name="vramMb">The device memory it needs, in MiB.</param>
    /// <param name="model">The model it runs.</param>
    /// <param name="executionId">A unique id of this execution.</param>
    /// <returns>The grain key.</returns>
    public static string For(string deviceKind, long vramMb, string model, string executionId)
    {
        Require(deviceKind, nameof(deviceKind));
        Require(model, nameof(model));
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        ArgumentOutOfRangeException.ThrowIfNegative(vramMb);
        return string.Create(CultureInfo.InvariantCulture, $"{deviceKind}{Separator}{vramMb}{Separator}{model}{Separator}{executionId}");
    }

    /// <summary>Reads the resource demand from a key made by <see cref="For"/>.</summary>
    /// <param name="key">The grain key.</param>
    /// <param name="demand">The demand it names.</param>
    /// <returns>Whether the key has the expected shape.</returns>
    public static bool TryParse(string key, out InferenceDemand demand)
    {
        ArgumentNullException.ThrowIfNull(key);
        demand = default;
        var parts = key.Split(Separator, 4);
        if (parts.Length != 4
            || parts[0].Length == 0
            || parts[2].Length == 0
            || parts[3].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var vramMb))
        {
            return false;
        }

        demand = new InferenceDemand(parts[0], vramMb, parts[2], parts[3]);
        return true;
    }

    private static void Require(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} must not contain '{Separator}': '{value}'.", name);
        }
    }
}
