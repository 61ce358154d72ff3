namespace Harness.Runtime.Transport;

/// <summary>
/// Frame layout: a 4-byte little-endian length of what follows, then a <see cref="MessageKind"/> byte and the
/// kind's fields (see <see cref="MessageKind"/>), all in the <see cref="Serialization.MessageWriter"/> format.
/// </summary>
internal static class WireProtocol
{
    /// <summary>"HRNS": a peer that is not a Harness silo or client is told apart at once.</summary>
    public const uint Magic = 0x534E5248;

    /// <summary>Bumped on any incompatible change; peers with different versions refuse each other.</summary>
    public const int Version = 2;

    /// <summary>Request flag: the receiving silo is the request's destination (see <see cref="CodeGeneration.Request.RouteHere"/>).</summary>
    public const byte RouteHereFlag = 1;

    /// <summary>The largest frame accepted: a corrupt length must not make a peer allocate gigabytes.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    public const int LengthPrefixBytes = 4;
}
