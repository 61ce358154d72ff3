namespace Harness.Runtime.Storage;

/// <summary>Well-known storage provider names.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider used by <see cref="PersistentStateAttribute"/> without a storage name.</summary>
    public const string Default = "Default";
}
