using System.Collections.Concurrent;
using Harness.GrainInterfaces.Devices;
using Harness.Grains.Inference.OpenAi;

namespace Harness.Grains.Inference;

/// <summary>
/// Chooses what serves a model on a device of this silo: the device's OpenAI-compatible server when it declares an
/// endpoint; otherwise the silo's in-process model host (the CPU transformer) when it has one, whose weights the device
/// grain accounts for; otherwise the silo's in-process backend (the deterministic one unless another is registered).
/// </summary>
internal sealed class InferenceBackendRouter(IInferenceBackend local, IEnumerable<IModelHost> hosts, OpenAiCompatibleBackendFactory endpoints)
{
    private readonly IModelHost? _host = hosts.FirstOrDefault();
    private readonly ConcurrentDictionary<string, OpenAiCompatibleBackend> _remote = new(StringComparer.Ordinal);

    /// <summary>Returns how <paramref name="model"/> is served on <paramref name="device"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="model">The model.</param>
    /// <returns>The route.</returns>
    /// <exception cref="InvalidOperationException">The model host does not serve the model; the message lists what it serves.</exception>
    public InferenceRoute Route(DeviceInfo device, string model)
    {
        if (device.Endpoint is { } endpoint)
        {
            return new InferenceRoute(_remote.GetOrAdd(endpoint, static (e, factory) => factory.Create(new Uri(e)), endpoints), null, 0);
        }

        if (_host is { } host)
        {
            return host.GetWeightsMb(model) is { } weightsMb
                ? new InferenceRoute(null, host, weightsMb)
                : throw new InvalidOperationException(
                    $"Model '{model}' is not served on device '{device.Id}': the CPU backend serves {string.Join(", ", host.Models.Select(m => $"'{m}'"))} and the device declares no inference endpoint.");
        }

        return new InferenceRoute(local, null, 0);
    }
}
