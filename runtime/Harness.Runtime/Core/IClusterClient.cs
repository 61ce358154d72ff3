namespace Harness.Runtime;

/// <summary>
/// What code outside grains uses to call grains. Inside a silo host it is the silo's own grain factory.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>Gets the client's services.</summary>
    IServiceProvider ServiceProvider { get; }
}
