using Harness.Silo;

var app = SiloApplication.Build(args);
await app.RunAsync();
public partial class Program;
