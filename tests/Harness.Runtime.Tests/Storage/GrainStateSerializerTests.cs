using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text;
using Harness.Runtime.Storage;
using Xunit;

namespace Harness.Runtime.Tests.Storage;

public sealed class GrainStateSerializerTests
{
    private static readonly GrainId Grain = new("counter", "1");

    private readonly GrainStateSerializer _serializer = new();

    [Fact]
    public void Serialize_UsesDeclaredPropertyNamesAndSkipsFields()
    {
        var json = Encoding.UTF8.GetString(_serializer.Serialize(new WithField { Value = 1, Field = 2 }).Span);

        Assert.Equal("""{"Value":1}""", json);
    }

    [Fact]
    public void Serialize_NamedFloatingPointLiterals_RoundTrip()
    {
        var payload = _serializer.SerializeToArray(new Measurement { Value = double.NaN, Limit = double.PositiveInfinity });

        var read = _serializer.Deserialize<Measurement>(payload, "m", Grain);

        Assert.True(double.IsNaN(read.Value));
        Assert.Equal(double.PositiveInfinity, read.Limit);
    }

    [Fact]
    public void Serialize_SuccessiveCallsOnOneThread_ReuseTheBuffer()
    {
        var first = _serializer.Serialize(new CounterState { Count = 1 });
        Assert.True(MemoryMarshal.TryGetArray(first, out var firstArray));
        var second = _serializer.Serialize(new CounterState { Count = 2 });
        Assert.True(MemoryMarshal.TryGetArray(second, out var secondArray));

        Assert.Same(firstArray.Array, secondArray.Array);
        Assert.Equal(2, _serializer.Deserialize<CounterState>(second.Span, "c", Grain).Count);
    }

    [Fact]
    public void Serialize_LargeState_IsNotOverwrittenByTheNextCall()
    {
        var large = new CounterState { Label = new string('x', 2 * 1024 * 1024) };
        var first = _serializer.Serialize(large);

        _serializer.Serialize(new CounterState { Count = 3 });

        Assert.Equal(large.Label, _serializer.Deserialize<CounterState>(first.Span, "c", Grain).Label);
    }

    [Fact]
    public void Deserialize_JsonNull_ReturnsNewState()
    {
        var read = _serializer.Deserialize<CounterState>("null"u8, "c", Grain);

        Assert.NotNull(read);
        Assert.Equal(0, read.Count);
    }

    [Fact]
    public void Deserialize_InvalidPayload_ThrowsNamingGrainStateAndType()
    {
        var ex = Assert.Throws<SerializationException>(() => _serializer.Deserialize<CounterState>("""{"Count":"many"}"""u8, "progress", Grain));

        Assert.Contains("'counter/1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'progress'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(CounterState).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    public sealed class WithField
    {
#pragma warning disable SA1401, CA1051 // The field is the point of the test.
        public int Field;
#pragma warning restore SA1401, CA1051

        public int Value { get; set; }
    }

    public sealed class Measurement
    {
        public double Value { get; set; }

        public double Limit { get; set; }
    }
}
