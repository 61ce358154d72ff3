using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Transport;

/// <summary>Routes requests that arrived over the network into the silo, like any local call.</summary>
internal sealed class InboundRequestHandler(SiloRuntime runtime) : IInboundRequestHandler
{
    public IReadOnlyDictionary<string, string> Manifest => runtime.GrainTypes.Manifest;

    public int MaxRequestsInFlight => runtime.MessagingOptions.MaxInboundRequestsPerConnection;

    public Request? RentRequest(uint methodId) => runtime.GrainTypes.RentRequest(methodId);

    public void Deliver(Request request) => runtime.Dispatcher.SendInternal(request);
}
