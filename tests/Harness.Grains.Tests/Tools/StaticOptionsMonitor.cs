using Microsoft.Extensions.Options;

namespace Harness.Grains.Tests.Tools;

/// <summary>An options monitor with one fixed value.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
