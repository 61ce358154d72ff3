namespace Harness.GrainInterfaces.Inference;

/// <summary>What one inference execution needs, as read from its grain key.</summary>
/// <param name="DeviceKind">The device kind (<c>gpu</c>, <c>cpu</c>, ...).</param>
/// <param name="VramMb">The device memory, in MiB.</param>
/// <param name="Model">The model.</param>
/// <param name="ExecutionId">The execution's unique id.</param>
public readonly record struct InferenceDemand(string DeviceKind, long VramMb, string Model, string ExecutionId);
