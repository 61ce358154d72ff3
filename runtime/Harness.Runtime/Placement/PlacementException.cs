namespace Harness.Runtime.Placement;

/// <summary>Thrown when no silo can host a new activation.</summary>
public sealed class PlacementException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlacementException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlacementException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public PlacementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
