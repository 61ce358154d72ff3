namespace Harness.Runtime.Transport;

/// <summary>The first byte of every frame.</summary>
internal enum MessageKind : byte
{
    /// <summary>Protocol magic and version, the sender's name, and (from a silo) its grain type manifest.</summary>
    Handshake = 1,

    /// <summary>A call whose caller waits: correlation id, target, method id, routing flags and forward count, timeout, the caller's span id, arguments.</summary>
    Request = 2,

    /// <summary>A call nobody waits for: as a request, correlation id 0.</summary>
    OneWay = 3,

    /// <summary>A successful result: correlation id, result.</summary>
    Response = 4,

    /// <summary>A failed call: correlation id, exception type, message and stack trace.</summary>
    Fault = 5,
}
