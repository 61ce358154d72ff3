using Harness.Grains;
using Harness.Runtime.Hosting;
using Harness.TestGrains;
using Harness.TestSiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

// A silo process for fault tests (kill -9, SIGSTOP/SIGCONT, SIGTERM): the test grains and the product's grains
// (AddHarnessGrains: chains, tools, devices, placement) on PostgreSQL clustering, grain storage and reminders, plus
// memory streams "Default". Configured only by the command line (product settings too, such as
// --Harness:Chains:RecoveryPeriod=00:00:01 or --Harness:Tools:Http:AllowedHosts:0=127.0.0.1:5000), e.g.
//   dotnet Harness.TestSiloHost.dll --Harness:Silo:SiloPort=11111 --Harness:Silo:SiloName=silo-1
//     --Harness:Storage:Postgres:ConnectionString="Host=...;Search Path=..." --Harness:Cluster:HeartbeatPeriod=00:00:00.250
// Prints "READY <silo address>" once the silo is Active. Exit codes: 0 stopped (SIGTERM: grains drained, left the
// cluster), 1 could not start (the error on standard error), 3 declared dead by the cluster (fenced; it prints
// "FENCED <reason>" and, for TestHost:FencedExitDelay, stays alive without serving so that work still in flight in it,
// such as a grain turn in the middle of a write, runs into the storage fence before the process ends).
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Configuration.AddCommandLine(args);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.ColorBehavior = LoggerColorBehavior.Disabled;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Harness.TestGrains", LogLevel.Information);
builder.Logging.AddFilter("Harness.Grains", LogLevel.Information);
builder.Services.AddSingleton(new TestProbe());
builder.AddHarnessSilo(silo => silo
    .AddGrainAssemblyOf<TestProbe>()
    .AddHarnessGrains()
    .UsePostgresClustering()
    .AddPostgresGrainStorage()
    .UsePostgresReminders()
    .AddMemoryStreams("Default")
    .AddPlacementDirector<DeviceAwarePlacement, AnySiloPlacementDirector>());
var fencedExitDelay = builder.Configuration.GetValue("TestHost:FencedExitDelay", TimeSpan.Zero);

using var host = builder.Build();
try
{
    await host.StartAsync();
}
catch (Exception exception)
{
    var reasons = exception is AggregateException all ? all.InnerExceptions.Select(e => e.Message) : [exception.Message];
    await Console.Error.WriteLineAsync("START FAILED: " + string.Join(" | ", reasons));
    return 1;
}

var status = host.Services.GetRequiredService<ISiloStatus>();
Console.WriteLine($"READY {status.Address}");

// Until SIGTERM/SIGINT (graceful stop) or until the cluster declares this silo dead (it stops the application).
await host.WaitForShutdownAsync();
if (status.StartupFailure is { } fenced)
{
    Console.WriteLine("FENCED " + fenced);
    await Task.Delay(fencedExitDelay);
    return 3;
}

return 0;
