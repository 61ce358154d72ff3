using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Transport;

/// <summary>What a connection hands requests arriving from the network to: the silo's dispatcher.</summary>
internal interface IInboundRequestHandler
{
    /// <summary>Gets the grain types this silo hosts by interface full name (sent in the handshake, so clients can address grains).</summary>
    IReadOnlyDictionary<string, string> Manifest { get; }

    /// <summary>Gets how many calls from one connection may be in progress before the connection stops reading (back-pressure).</summary>
    int MaxRequestsInFlight { get; }

    /// <summary>Rents a request object for a method id, or null when no such method is known here.</summary>
    Request? RentRequest(uint methodId);

    /// <summary>Routes a request that arrived over the network to its grain.</summary>
    void Deliver(Request request);
}
