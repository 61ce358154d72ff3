using Harness.Silo;

var app = SiloApplication.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (SiloApplication.IsStartupFailure(exception))
{
    // A start-up failure is the operator's to fix (a setting, a file, a server): say what, not where in the code.
    await Console.Error.WriteLineAsync($"The silo could not start: {exception.Message}");
    return 1;
}

/// <summary>The silo host's entry point (named so tests can host it).</summary>
public partial class Program;
