using Harness.Runtime;

namespace Harness.TestGrains;

/// <summary>Methods whose arguments and results exercise every kind of codec (serialization tests drive its requests).</summary>
public interface ISerializationGrain : IGrainWithStringKey
{
    Task<int> Primitives(int i, long l, bool b, double d, char c, byte by, sbyte sb, short s, ushort us, uint u, ulong ul, float f, decimal m);

    Task<string?> Strings(string text, string? maybe, string? none);

    Task<Guid> Identity(Guid id, DateTimeOffset at, DateTime when, TimeSpan span, GrainId grain, Uri? link);

    Task<Priority> Enums(Priority priority, Permissions permissions, Priority? maybe, Priority? none);

    Task<int?> Nullables(int? some, int? none, Point? point, Size? noSize);

    Task<int[]> Collections(
        int[] numbers,
        List<string> names,
        IReadOnlyList<Address> addresses,
        IEnumerable<Guid> ids,
        Dictionary<string, List<int>> map,
        IReadOnlyDictionary<Priority, string?> labels,
        byte[] blob,
        KeyValuePair<string, int> pair,
        string[]? missing);

    Task<Order> PlaceOrder(Order order, Customer customer);

    Task<Settings> Configure(Settings settings, Point point, Size size, Span2 span, Account account);

    Task<Animal?> Adopt(Animal? animal, Dog dog, TreeNode tree);

    ValueTask Nothing(CancellationToken cancellationToken);

    ValueTask<List<Order>?> Orders(IList<Order?> orders);
}
