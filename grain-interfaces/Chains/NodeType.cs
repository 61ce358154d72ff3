namespace Harness.GrainInterfaces.Chains;

/// <summary>The kind of atomic capability a chain node runs.</summary>
public enum NodeType
{
    /// <summary>Text inference with a language model (<c>llm</c>).</summary>
    Llm,

    /// <summary>Vision inference with a vision-language model (<c>vlm</c>).</summary>
    Vlm,

    /// <summary>A call to a registered, versioned tool (<c>tool</c>).</summary>
    Tool,

    /// <summary>A data conversion over earlier outputs (<c>transform</c>).</summary>
    Transform,
}
