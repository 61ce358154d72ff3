namespace Harness.Runtime.Placement;

/// <summary>Orders silo addresses by host, port and generation.</summary>
internal sealed class SiloAddressComparer : IComparer<SiloAddress>
{
    public static SiloAddressComparer Instance { get; } = new();

    public int Compare(SiloAddress x, SiloAddress y)
    {
        var c = string.CompareOrdinal(x.Host, y.Host);
        if (c == 0)
        {
            c = x.Port.CompareTo(y.Port);
        }

        return c == 0 ? x.Generation.CompareTo(y.Generation) : c;
    }
}
