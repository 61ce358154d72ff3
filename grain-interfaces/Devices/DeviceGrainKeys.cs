using Harness.Runtime.Placement;

namespace Harness.GrainInterfaces.Devices;

/// <summary>Builds and parses device grain keys: <c>&lt;silo address&gt;/&lt;device id&gt;</c>.</summary>
public static class DeviceGrainKeys
{
    /// <summary>Builds the key of a silo's device.</summary>
    /// <param name="silo">The silo owning the device.</param>
    /// <param name="deviceId">The device id within the silo.</param>
    /// <returns>The grain key.</returns>
    public static string For(SiloAddress silo, string deviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        return $"{silo}/{deviceId}";
    }

    /// <summary>Splits a key into its silo part and device id.</summary>
    /// <param name="key">The grain key.</param>
    /// <param name="silo">The silo address part.</param>
    /// <param name="deviceId">The device id part.</param>
    /// <returns>Whether the key has both parts.</returns>
    public static bool TryParse(string key, out string silo, out string deviceId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
        {
            (silo, deviceId) = (string.Empty, string.Empty);
            return false;
        }

        (silo, deviceId) = (key[..slash], key[(slash + 1)..]);
        return true;
    }
}
