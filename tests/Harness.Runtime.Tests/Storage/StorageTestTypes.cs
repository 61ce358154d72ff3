using Harness.Runtime.Storage;

namespace Harness.Runtime.Tests.Storage;

public sealed class CounterState
{
    public int Count { get; set; }

    public string? Label { get; set; }

    public List<string> Items { get; set; } = [];
}

public sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
