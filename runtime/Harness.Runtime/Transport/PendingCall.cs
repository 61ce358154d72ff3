using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Transport;

/// <summary>A call sent over a connection and waiting for its response; holds the callee-side reference.</summary>
internal readonly record struct PendingCall(Request Request, uint Sequence);
