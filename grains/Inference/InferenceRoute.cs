namespace Harness.Grains.Inference;

/// <summary>How a model is served on a device: a backend ready to call, or a host that loads the weights first.</summary>
/// <param name="Backend">The backend to call, when no weights are to be loaded here.</param>
/// <param name="Host">The in-process host to load the model from, its weights accounted on the device.</param>
/// <param name="WeightsMb">The memory the weights take on the device (0 unless <paramref name="Host"/> is set).</param>
internal sealed record InferenceRoute(IInferenceBackend? Backend, IModelHost? Host, long WeightsMb);
