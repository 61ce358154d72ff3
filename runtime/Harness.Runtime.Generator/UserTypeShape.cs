using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Harness.Runtime.Generator;

/// <summary>What <see cref="SerializationAnalyzer"/> found out about one type declared in the compilation.</summary>
internal sealed class UserTypeShape
{
    private UserTypeShape(string? advice, IReadOnlyList<IPropertySymbol> properties, CodecModel? codec)
    {
        Advice = advice;
        Properties = properties;
        Codec = codec;
    }

    /// <summary>Gets why the type itself cannot be serialized, or null when it can.</summary>
    public string? Advice { get; }

    /// <summary>Gets the serialized properties (their types must be serializable too).</summary>
    public IReadOnlyList<IPropertySymbol> Properties { get; }

    /// <summary>Gets the codec to generate; null when the type cannot be serialized.</summary>
    public CodecModel? Codec { get; }

    public static UserTypeShape Unsupported(string advice) => new(advice, [], null);

    public static UserTypeShape Supported(IReadOnlyList<IPropertySymbol> properties, CodecModel codec) => new(null, properties, codec);
}
