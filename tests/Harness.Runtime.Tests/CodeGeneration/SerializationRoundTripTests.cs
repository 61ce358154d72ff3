using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Reminders;
using Harness.Runtime.Serialization;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>
/// Round trips through the code generated for Harness.TestGrains (a real HarnessCodeGen project): its codecs through
/// <see cref="Codec{T}"/>, and the requests of <see cref="ISerializationGrain"/> as a receiving silo rebuilds them,
/// from the registry's method ids.
/// </summary>
public sealed class SerializationRoundTripTests
{
    private static readonly Lazy<GrainCodeRegistry> Registry = new(() =>
    {
        var registry = new GrainCodeRegistry();
        registry.AddAssembly(typeof(ISerializationGrain).Assembly);
        return registry;
    });

    private static readonly Address Home = new("1 Rue de l'Église", "Zürich");

    private static readonly Customer SampleCustomer = new()
    {
        Name = "Zoë 🚀",
        Address = Home,
        Favorites = [new LineItem("A-1", 2, 9.99m), new LineItem("B-2", 1, -0.5m)],
    };

    private static readonly Order SampleOrder = new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        SampleCustomer,
        [new LineItem("C-3", 3, 1_000_000.01m)],
        new Dictionary<string, int> { ["gift"] = 1, ["ünïcode"] = 2 },
        Priority.High,
        new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-7)))
    {
        Note = null,
    };

    [Fact]
    public void Codec_Records_RoundTripNestedRecordsAndLists()
    {
        var order = RoundTrip(SampleOrder);

        Assert.Equal(SampleOrder.Id, order.Id);
        Assert.Equal(SampleOrder.PlacedAt, order.PlacedAt);
        Assert.Equal(SampleOrder.PlacedAt.Offset, order.PlacedAt.Offset);
        Assert.Equal(Priority.High, order.Priority);
        Assert.Null(order.Note);
        Assert.Equal(SampleOrder.Lines, order.Lines);
        Assert.Equal(SampleOrder.Tags, order.Tags);
        Assert.Equal("Zoë 🚀", order.Customer.Name);
        Assert.Equal(Home, order.Customer.Address);
        Assert.Equal(SampleCustomer.Favorites, order.Customer.Favorites);
        Assert.Equal(1, order.LineCount);
    }

    [Fact]
    public void Codec_ClassesAndStructs_RoundTrip()
    {
        var settings = RoundTrip(new Settings
        {
            Theme = "dark",
            Limit = 5,
            Timeout = TimeSpan.FromMilliseconds(1500),
            Blob = [1, 2, 255],
            Home = new Uri("https://example.com/ä?q=1"),
            Labels = new Dictionary<string, string?> { ["a"] = null, ["b"] = "β" },
        });
        Assert.Equal("dark", settings.Theme);
        Assert.Equal(5, settings.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.Timeout);
        Assert.Equal([1, 2, 255], settings.Blob);
        Assert.Equal(new Uri("https://example.com/ä?q=1"), settings.Home);
        Assert.Equal(new Dictionary<string, string?> { ["a"] = null, ["b"] = "β" }, settings.Labels);

        var empty = RoundTrip(new Settings());
        Assert.Null(empty.Limit);
        Assert.Null(empty.Blob);
        Assert.Null(empty.Home);

        Assert.Equal(new Point { X = -3, Y = int.MaxValue }, RoundTrip(new Point { X = -3, Y = int.MaxValue }));
        var size = RoundTrip(new Size(2.5, 4));
        Assert.Equal((2.5, 4.0, 10.0), (size.Width, size.Height, size.Area));
        Assert.Equal(new Span2(-1, 1), RoundTrip(new Span2(-1, 1)));

        var account = RoundTrip(new Account("acc-1") { Balance = 12.34m });
        Assert.Equal(("acc-1", 12.34m), (account.Id, account.Balance));

        var tree = RoundTrip(new TreeNode { Label = "root", Children = [new TreeNode { Label = "a", Children = [new TreeNode { Label = "a.1" }] }, new TreeNode()] });
        Assert.Equal("root", tree.Label);
        Assert.Equal(["a", string.Empty], tree.Children.Select(static c => c.Label));
        Assert.Equal("a.1", Assert.Single(tree.Children[0].Children).Label);

        var dog = RoundTrip(new Dog { Name = "Rex", GoodBoy = true });
        Assert.Equal(("Rex", true), (dog.Name, dog.GoodBoy));
        Assert.Equal("Tom", RoundTrip(new Animal { Name = "Tom" }).Name);
    }

    [Fact]
    public void Codec_NullsAndNullables_RoundTrip()
    {
        Assert.Null(RoundTrip<Order?>(null));
        Assert.Null(RoundTrip<Customer?>(null));
        Assert.Null(RoundTrip<Point?>(null));
        Assert.Equal(new Point { X = 1, Y = 2 }, RoundTrip<Point?>(new Point { X = 1, Y = 2 }));
        Assert.Equal([SampleOrder.Id, null], RoundTrip<List<Order?>>([SampleOrder, null]).Select(static o => o?.Id));
    }

    [Fact]
    public void Codec_RuntimesOwnRecordStruct_RoundTrips()
    {
        // IRemindable is declared in the runtime, whose own generated code registers the TickStatus codec.
        var status = new TickStatus(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch.AddMinutes(3));
        Assert.Equal(status, RoundTrip(status));
    }

    [Fact]
    public void Codec_DerivedInstanceForNonSealedClass_ThrowsNamingBothTypes()
    {
        _ = Registry.Value;
        using var writer = new MessageWriter();

        var exception = Assert.Throws<NotSupportedException>(() => Codec<Animal>.Write(writer, new Dog { Name = "Rex" }));

        Assert.Contains("Harness.TestGrains.Dog", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Harness.TestGrains.Animal", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_DerivedInstanceForNonSealedClass_ThrowsWhenArgumentsAreWritten()
    {
        var (grain, runtime) = CreateProxy();
        _ = grain.Adopt(new Dog(), new Dog(), new TreeNode());

        var exception = Assert.Throws<NotSupportedException>(() => Write(runtime.Sent[^1].Request));
        Assert.Contains("Harness.TestGrains.Dog", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Harness.TestGrains.Animal", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_RegistersEveryMethodOfTheInterfaceById()
    {
        var names = Registry.Value.Methods.Values
            .Select(static m => m.Name)
            .Where(static n => n.StartsWith("Harness.TestGrains.ISerializationGrain.", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(typeof(ISerializationGrain).GetMethods().Length, names.Count);
        Assert.Contains("Harness.TestGrains.ISerializationGrain.Strings(string,string,string)", names);
        Assert.Equal(MethodIdTests.Fnv1a("Harness.TestGrains.ISerializationGrain.Strings(string,string,string)"), Registry.Value.Methods.Single(p => p.Value.Name.EndsWith(".Strings(string,string,string)", StringComparison.Ordinal)).Key);
    }

    [Fact]
    public void Requests_Primitives_RoundTrip()
    {
        var copy = RoundTripCall(g => g.Primitives(int.MinValue, long.MaxValue, true, double.NaN, 'Ж', 255, -128, short.MinValue, ushort.MaxValue, uint.MaxValue, ulong.MaxValue, float.Epsilon, 79228162514264337593543950335m));

        Assert.Equal<object?>(
            [int.MinValue, long.MaxValue, true, double.NaN, 'Ж', (byte)255, (sbyte)-128, short.MinValue, ushort.MaxValue, uint.MaxValue, ulong.MaxValue, float.Epsilon, 79228162514264337593543950335m],
            Arguments(copy));
    }

    [Fact]
    public void Requests_Strings_RoundTripNullEmptyAndNonAscii()
    {
        Assert.Equal<object?>(["héllo wörld — 日本語 🚀", string.Empty, null], Arguments(RoundTripCall(g => g.Strings("héllo wörld — 日本語 🚀", string.Empty, null))));
    }

    [Fact]
    public void Requests_IdentitiesAndTimes_RoundTrip()
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromMinutes(330));
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        var grainId = new GrainId("serialization", "ключ");

        var copy = RoundTripCall(g => g.Identity(id, at, when, TimeSpan.FromTicks(-12345), grainId, new Uri("relative/path", UriKind.Relative)));

        var arguments = Arguments(copy);
        Assert.Equal<object?>([id, at, when, TimeSpan.FromTicks(-12345), grainId, new Uri("relative/path", UriKind.Relative)], arguments);
        Assert.Equal(at.Offset, ((DateTimeOffset)arguments[1]!).Offset);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)arguments[2]!).Kind);
    }

    [Fact]
    public void Requests_EnumsAndNullables_RoundTrip()
    {
        Assert.Equal<object?>(
            [Priority.High, Permissions.Read | Permissions.Admin, Priority.Low, null],
            Arguments(RoundTripCall(g => g.Enums(Priority.High, Permissions.Read | Permissions.Admin, Priority.Low, null))));
        Assert.Equal<object?>(
            [42, null, new Point { X = 1, Y = 2 }, null],
            Arguments(RoundTripCall(g => g.Nullables(42, null, new Point { X = 1, Y = 2 }, null))));
    }

    [Fact]
    public void Requests_Collections_RoundTrip()
    {
        var ids = new[] { Guid.NewGuid(), Guid.Empty };
        var copy = RoundTripCall(g => g.Collections(
            [1, -2, 3],
            ["a", "ß", string.Empty],
            [Home, new Address("2 Main", null)],
            ids,
            new Dictionary<string, List<int>> { ["x"] = [1, 2], ["y"] = [] },
            new Dictionary<Priority, string?> { [Priority.Low] = "low", [Priority.High] = null },
            [0, 128, 255],
            new KeyValuePair<string, int>("k", 7),
            null));

        var arguments = Arguments(copy);
        Assert.Equal([1, -2, 3], (int[])arguments[0]!);
        Assert.Equal(["a", "ß", string.Empty], (List<string>)arguments[1]!);
        Assert.Equal([Home, new Address("2 Main", null)], (IReadOnlyList<Address>)arguments[2]!);
        Assert.Equal(ids, (IEnumerable<Guid>)arguments[3]!);
        var map = (Dictionary<string, List<int>>)arguments[4]!;
        Assert.Equal([1, 2], map["x"]);
        Assert.Empty(map["y"]);
        Assert.Equal(new Dictionary<Priority, string?> { [Priority.Low] = "low", [Priority.High] = null }, (IReadOnlyDictionary<Priority, string?>)arguments[5]!);
        Assert.Equal([0, 128, 255], (byte[])arguments[6]!);
        Assert.Equal(new KeyValuePair<string, int>("k", 7), arguments[7]);
        Assert.Null(arguments[8]);
    }

    [Fact]
    public void Requests_UserTypes_RoundTrip()
    {
        var order = RoundTripCall(g => g.PlaceOrder(SampleOrder, SampleCustomer));
        var arguments = Arguments(order);
        Assert.Equal(SampleOrder.Id, ((Order)arguments[0]!).Id);
        Assert.Equal(SampleCustomer.Favorites, ((Customer)arguments[1]!).Favorites);

        var configured = Arguments(RoundTripCall(g => g.Configure(new Settings { Theme = "t" }, new Point { X = 9 }, new Size(1, 2), new Span2(3, 4), new Account("a") { Balance = 1m })));
        Assert.Equal("t", ((Settings)configured[0]!).Theme);
        Assert.Equal(new Point { X = 9 }, configured[1]);
        Assert.Equal(2, ((Size)configured[2]!).Height);
        Assert.Equal(new Span2(3, 4), configured[3]);
        Assert.Equal(1m, ((Account)configured[4]!).Balance);

        var adopted = Arguments(RoundTripCall(g => g.Adopt(null, new Dog { Name = "Rex" }, new TreeNode { Label = "t" })));
        Assert.Null(adopted[0]);
        Assert.Equal("Rex", ((Dog)adopted[1]!).Name);

        var orders = Arguments(RoundTripCall(g => g.Orders([SampleOrder, null]).AsTask()));
        Assert.Equal([SampleOrder.Id, null], ((IList<Order?>)orders[0]!).Select(static o => o?.Id));
    }

    [Fact]
    public void Requests_CancellationToken_ArrivesAsNone()
    {
        using var source = new CancellationTokenSource();
        var copy = RoundTripCall(g => g.Nothing(source.Token).AsTask());

        Assert.Equal(CancellationToken.None, copy.GetArgument(0));
    }

    [Fact]
    public void Requests_Results_RoundTrip()
    {
        Assert.Equal(SampleOrder.Id, ((Order)RoundTripResult(g => g.PlaceOrder(SampleOrder, SampleCustomer), SampleOrder)!).Id);
        Assert.Equal("x", RoundTripResult(g => g.Strings("a", null, null), "x"));
        Assert.Null(RoundTripResult(g => g.Strings("a", null, null), null));
        int[] numbers = [1, 2];
        Assert.Equal(numbers, (int[])RoundTripResult(g => g.Collections([], [], [], [], [], new Dictionary<Priority, string?>(), [], default, null), numbers)!);
        Assert.Null(RoundTripResult(g => g.Orders([]).AsTask(), null));
    }

    private static (ISerializationGrain Grain, RecordingGrainReferenceRuntime Runtime) CreateProxy()
    {
        var runtime = new RecordingGrainReferenceRuntime();
        var proxy = Registry.Value.Proxies[typeof(ISerializationGrain)](runtime, new GrainId("serialization", "k"));
        return ((ISerializationGrain)proxy, runtime);
    }

    /// <summary>Sends a call through the generated proxy, writes its arguments, and reads them into a request rented by method id.</summary>
    private static Request RoundTripCall(Func<ISerializationGrain, Task> call)
    {
        var (grain, runtime) = CreateProxy();
        _ = call(grain);
        var request = runtime.Sent[^1].Request;
        var bytes = Write(request);

        var copy = Registry.Value.Methods[request.MethodId].Rent();
        Assert.Equal(request.GetType(), copy.GetType());
        var reader = new MessageReader(bytes);
        copy.ReadArguments(reader);
        Assert.Equal(0, reader.Remaining);

        // Whatever was read writes the same bytes again.
        Assert.Equal(bytes, Write(copy));
        return copy;
    }

    private static object? RoundTripResult(Func<ISerializationGrain, Task> call, object? result)
    {
        var (grain, runtime) = CreateProxy();
        _ = call(grain);
        var request = runtime.Sent[^1].Request;
        request.ResultObject = result;
        using var writer = new MessageWriter();
        request.WriteResult(writer);

        var copy = Registry.Value.Methods[request.MethodId].Rent();
        var reader = new MessageReader(writer.WrittenMemory);
        copy.ReadResult(reader);
        Assert.Equal(0, reader.Remaining);
        return copy.ResultObject;
    }

    private static object?[] Arguments(Request request) => [.. Enumerable.Range(0, request.ArgumentCount).Select(request.GetArgument)];

    private static byte[] Write(Request request)
    {
        using var writer = new MessageWriter();
        request.WriteArguments(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static T RoundTrip<T>(T value)
    {
        // As in a silo: registering the assembly's generated code runs its module initializer, which registers its codecs.
        _ = Registry.Value;
        using var writer = new MessageWriter();
        Codec<T>.Write(writer, value);
        var bytes = writer.WrittenSpan.ToArray();
        var reader = new MessageReader(bytes);
        var copy = Codec<T>.Read(reader);
        Assert.Equal(0, reader.Remaining);

        using var again = new MessageWriter();
        Codec<T>.Write(again, copy);
        Assert.Equal(bytes, again.WrittenSpan.ToArray());
        return copy;
    }
}
