using Harness.Grains.Devices;

namespace Harness.Grains.Inference;

/// <summary>
/// An in-process backend that keeps models' weights on the devices of this silo (the CPU transformer). A model's
/// weights are loaded once per device and shared by every generation on it; the device grain accounts for their memory
/// (<see cref="GetWeightsMb"/>), keeps them warm between uses and evicts idle ones when it needs the room.
/// </summary>
public interface IModelHost : IResidentModelHost
{
    /// <summary>Gets the models it serves.</summary>
    IReadOnlyCollection<string> Models { get; }

    /// <summary>Returns the memory the weights of <paramref name="model"/> take once loaded, in MiB, or null when it does not serve it.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The memory, or null.</returns>
    long? GetWeightsMb(string model);

    /// <summary>
    /// Returns the backend running <paramref name="model"/> on <paramref name="deviceId"/>, loading its weights first if
    /// they are not loaded there (concurrent callers share one load).
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Stops waiting (a load in progress goes on for the others).</param>
    /// <returns>The backend, and the load time when this call waited for a load.</returns>
    Task<(IInferenceBackend Backend, TimeSpan? ColdStart)> LoadAsync(string deviceId, string model, CancellationToken cancellationToken);
}
