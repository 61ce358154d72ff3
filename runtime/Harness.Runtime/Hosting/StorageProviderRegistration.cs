namespace Harness.Runtime.Hosting;

/// <summary>Records a registered storage provider's name, for start-up validation messages.</summary>
internal sealed record StorageProviderRegistration(string Name, string Kind);
