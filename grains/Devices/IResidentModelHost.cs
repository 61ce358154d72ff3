namespace Harness.Grains.Devices;

/// <summary>
/// What keeps models' weights in this process for a device (the CPU transformer backend): the device grain decides
/// which models stay resident and tells the host when it evicts one.
/// </summary>
public interface IResidentModelHost
{
    /// <summary>Frees the weights of <paramref name="model"/> on <paramref name="deviceId"/> (nothing when not loaded).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="model">The model.</param>
    void Evict(string deviceId, string model);

    /// <summary>Returns how long loading <paramref name="model"/> on <paramref name="deviceId"/> took, or null when it is not loaded.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="model">The model.</param>
    /// <returns>The load time.</returns>
    TimeSpan? GetLoadTime(string deviceId, string model);
}
