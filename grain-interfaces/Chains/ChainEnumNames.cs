namespace Harness.GrainInterfaces.Chains;

/// <summary>The names node types and QoS classes have in chain documents (<c>llm</c>, <c>realtime</c>, ...).</summary>
public static class ChainEnumNames
{
    /// <summary>Gets the document name of a node type.</summary>
    /// <param name="type">The node type.</param>
    /// <returns>The lower-case name used in documents.</returns>
    public static string ToWireName(this NodeType type) => type switch
    {
        NodeType.Llm => "llm",
        NodeType.Vlm => "vlm",
        NodeType.Tool => "tool",
        NodeType.Transform => "transform",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown node type."),
    };

    /// <summary>Gets the document name of a QoS class.</summary>
    /// <param name="qos">The QoS class.</param>
    /// <returns>The lower-case name used in documents.</returns>
    public static string ToWireName(this QosClass qos) => qos switch
    {
        QosClass.Realtime => "realtime",
        QosClass.Standard => "standard",
        QosClass.Background => "background",
        _ => throw new ArgumentOutOfRangeException(nameof(qos), qos, "Unknown QoS class."),
    };

    /// <summary>Reads a node type from its document name (exact, lower case).</summary>
    /// <param name="name">The name, e.g. <c>llm</c>.</param>
    /// <param name="type">The node type when known.</param>
    /// <returns>Whether the name is a known node type.</returns>
    public static bool TryParseNodeType(string name, out NodeType type)
    {
        foreach (var candidate in Enum.GetValues<NodeType>())
        {
            if (candidate.ToWireName() == name)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Reads a QoS class from its document name (exact, lower case).</summary>
    /// <param name="name">The name, e.g. <c>realtime</c>.</param>
    /// <param name="qos">The QoS class when known.</param>
    /// <returns>Whether the name is a known QoS class.</returns>
    public static bool TryParseQosClass(string name, out QosClass qos)
    {
        foreach (var candidate in Enum.GetValues<QosClass>())
        {
            if (candidate.ToWireName() == name)
            {
                qos = candidate;
                return true;
            }
        }

        qos = default;
        return false;
    }
}
