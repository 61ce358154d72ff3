namespace Harness.Runtime;

/// <summary>A grain call as seen by call filters.</summary>
public interface IGrainCallContext
{
    /// <summary>Gets the target grain.</summary>
    GrainId TargetId { get; }

    /// <summary>Gets the grain interface's full name.</summary>
    string InterfaceName { get; }

    /// <summary>Gets the method name.</summary>
    string MethodName { get; }

    /// <summary>Gets the number of arguments.</summary>
    int ArgumentCount { get; }

    /// <summary>Gets or sets the result (after <see cref="Invoke"/> completed; a filter may replace it).</summary>
    object? Result { get; set; }

    /// <summary>Gets an argument by position.</summary>
    object? GetArgument(int index);

    /// <summary>Runs the next filter, or the call itself after the last one.</summary>
    Task Invoke();
}
