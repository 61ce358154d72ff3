namespace Harness.Runtime;

/// <summary>Reads the primary key of a grain or grain reference.</summary>
public static class GrainKeyExtensions
{
    /// <summary>Gets the string key.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GrainId.Key;

    /// <summary>Gets the Guid key.</summary>
    public static Guid GetPrimaryKey(this IAddressable grain) => grain.GrainId.GetGuidKey();

    /// <summary>Gets the integer key.</summary>
    public static long GetPrimaryKeyLong(this IAddressable grain) => grain.GrainId.GetIntegerKey();
}
