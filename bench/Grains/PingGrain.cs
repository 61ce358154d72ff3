using Harness.Runtime;
using Harness.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Bench;

internal sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => new(value + 1);

    public Task<int> PingTask(int value) => Task.FromResult(value + 1);

    public ValueTask<string> Silo() => new(ServiceProvider.GetRequiredService<ISiloStatus>().Address.ToString());
}
