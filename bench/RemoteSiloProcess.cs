using Harness.Runtime.Hosting;
using Microsoft.Extensions.Configuration;

namespace Harness.Bench;

/// <summary>The child process of remote-call: a silo on a silo port and the echo floor, until its standard input closes.</summary>
internal static class RemoteSiloProcess
{
    public const string Command = "serve-silo";

    public static async Task<int> RunAsync(int siloPort, int echoPort)
    {
        await using var silo = await BenchSilo.StartAsync(
            s => s.AddMemoryGrainStorage(),
            new Dictionary<string, string?> { ["Harness:Silo:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var echo = new EchoServer(echoPort);
        Console.WriteLine("ready");

        // The parent closes our input when it is done (or dies): then stop.
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
