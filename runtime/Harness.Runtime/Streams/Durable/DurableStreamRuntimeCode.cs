using Harness.Runtime.CodeGeneration;

[assembly: GeneratedGrainCode(typeof(Harness.Runtime.Streams.Durable.DurableStreamRuntimeCode))]

namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// Registers the runtime-defined requests of durable streams with every silo's <see cref="GrainCodeRegistry"/>
/// (through the same assembly attribute generated code uses), so a wake that arrives over the network is rebuilt.
/// </summary>
internal sealed class DurableStreamRuntimeCode : IGeneratedGrainCode
{
    public void Register(GrainCodeRegistry registry) =>
        registry.AddMethod(DurableStreamWakeRequest.WakeMethodId, DurableStreamWakeRequest.Signature, static () => RequestPool<DurableStreamWakeRequest>.Rent());
}
