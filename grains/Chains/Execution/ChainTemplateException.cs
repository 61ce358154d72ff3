namespace Harness.Grains.Chains.Execution;

/// <summary>A template or condition that cannot be evaluated against the chain's current values.</summary>
public sealed class ChainTemplateException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ChainTemplateException"/> class.</summary>
    public ChainTemplateException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChainTemplateException"/> class.</summary>
    /// <param name="message">What cannot be evaluated, and why.</param>
    public ChainTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChainTemplateException"/> class.</summary>
    /// <param name="message">What cannot be evaluated, and why.</param>
    /// <param name="innerException">The cause.</param>
    public ChainTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
