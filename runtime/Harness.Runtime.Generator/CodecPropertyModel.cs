namespace Harness.Runtime.Generator;

/// <summary>One serialized property of a <see cref="CodecModel"/>.</summary>
/// <param name="Name">The property name as a C# identifier (keywords @-escaped).</param>
/// <param name="Type">The fully qualified property type, with nullable annotations (the codec that writes it).</param>
/// <param name="ReadType">The type it is read as: the matching constructor parameter's type, else <paramref name="Type"/>.</param>
/// <param name="InInitializer">Whether the object initializer assigns it (it is not, or not only, a constructor argument).</param>
internal sealed record CodecPropertyModel(string Name, string Type, string ReadType, bool InInitializer);
