using System.Reflection;

namespace Harness.Runtime.Hosting;

/// <summary>An assembly whose generated grain code the silo loads.</summary>
internal sealed record GrainAssemblyRegistration(Assembly Assembly);
