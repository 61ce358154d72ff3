using Harness.Silo;

var app = SiloApplication.Build(args);
await app.RunAsync();

/// <summary>The silo host's entry point (named so tests can host it).</summary>
public partial class Program;
