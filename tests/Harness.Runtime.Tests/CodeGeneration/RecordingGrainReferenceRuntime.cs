using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>A reference runtime that only records what proxies send.</summary>
internal sealed class RecordingGrainReferenceRuntime : IGrainReferenceRuntime
{
    public List<(GrainReference Target, Request Request)> Sent { get; } = [];

    public IGrainFactory GrainFactory => throw new NotSupportedException();

    public void Send(GrainReference target, Request request) => Sent.Add((target, request));
}
