using System.CommandLine;
using Harness.Cli.Rendering;

namespace Harness.Cli.Commands;

/// <summary><c>harness devices</c>: lists every silo's devices with memory, leases and queues.</summary>
internal static class DevicesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("devices", "List devices: memory, leases and queued requests per QoS class");
        command.SetApiAction(context, async (api, parseResult, cancellationToken) =>
        {
            context.Output.Write(Tables.Devices(await api.ListDevicesAsync(cancellationToken).ConfigureAwait(false)));
            return ExitCodes.Success;
        });
        return command;
    }
}
