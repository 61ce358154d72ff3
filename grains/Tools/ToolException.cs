namespace Harness.Grains.Tools;

/// <summary>A tool call failed, or could not be made; the message names the tool and the cause.</summary>
public class ToolException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    public ToolException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ToolException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
