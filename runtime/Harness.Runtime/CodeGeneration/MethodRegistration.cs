namespace Harness.Runtime.CodeGeneration;

/// <summary>A grain method as a receiving silo needs it: its name and how to rent its request type.</summary>
internal sealed record MethodRegistration(string Name, Func<Request> Rent);
