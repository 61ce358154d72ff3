using System.Globalization;
using System.Text.Json;

namespace Harness.Cli.Rendering;

/// <summary>How values print: enums as their wire names, times in UTC, numbers invariant.</summary>
internal static class Display
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "-" : value;
}
