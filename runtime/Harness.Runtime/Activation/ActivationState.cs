namespace Harness.Runtime.Activation;

/// <summary>The life of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Constructing, reading state, running OnActivateAsync; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; requests wait and are forwarded to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a request that still reaches it is re-routed.</summary>
    Invalid,
}
