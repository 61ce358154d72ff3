namespace Harness.TestGrains;

// Types that cross silos through the codecs the generator emits for this assembly (see ISerializationGrain).

public enum Priority : byte
{
    Low,
    Normal,
    High = 200,
}

[Flags]
public enum Permissions : long
{
    None = 0,
    Read = 1,
    Write = 2,
    Admin = 1L << 40,
}

/// <summary>A positional record.</summary>
public sealed record Address(string Street, string? City);

/// <summary>A positional record with a decimal.</summary>
public sealed record LineItem(string Sku, int Quantity, decimal Price);

/// <summary>A record with init-only and required properties, a nested record and a list of records.</summary>
public sealed record Customer
{
    public required string Name { get; init; }

    public Address? Address { get; init; }

    public List<LineItem> Favorites { get; init; } = [];
}

/// <summary>A positional record with an extra init-only property and a computed one.</summary>
public sealed record Order(
    Guid Id,
    Customer Customer,
    IReadOnlyList<LineItem> Lines,
    Dictionary<string, int> Tags,
    Priority Priority,
    DateTimeOffset PlacedAt)
{
    public string? Note { get; init; }

    /// <summary>Gets the number of lines: computed, not sent.</summary>
    public int LineCount => Lines.Count;
}

/// <summary>A class with init-only properties.</summary>
public sealed class Settings
{
    public string Theme { get; init; } = "light";

    public int? Limit { get; init; }

    public TimeSpan Timeout { get; init; }

    public byte[]? Blob { get; init; }

    public Uri? Home { get; init; }

    public IDictionary<string, string?> Labels { get; init; } = new Dictionary<string, string?>();
}

/// <summary>A mutable struct.</summary>
public struct Point
{
    public int X { get; set; }

    public int Y { get; set; }
}

/// <summary>A struct restored through its constructor (its properties have no setters).</summary>
public readonly struct Size
{
    public Size(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    public double Area => Width * Height;
}

/// <summary>A positional record struct.</summary>
public readonly record struct Span2(int Start, int End);

/// <summary>A class with a constructor argument and a settable property.</summary>
public sealed class Account
{
    public Account(string id)
    {
        Id = id;
    }

    public string Id { get; }

    public decimal Balance { get; set; }
}

/// <summary>A class that is not sealed: only exact instances can be sent.</summary>
public class Animal
{
    public string Name { get; set; } = "";
}

/// <summary>Derives from <see cref="Animal"/>; sent where an Animal is declared, it is refused.</summary>
public sealed class Dog : Animal
{
    public bool GoodBoy { get; set; }
}

/// <summary>A recursive type.</summary>
public sealed class TreeNode
{
    public string Label { get; set; } = "";

    public List<TreeNode> Children { get; set; } = [];
}
