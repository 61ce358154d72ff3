namespace Harness.Runtime.Generator;

/// <summary>A grain interface whose proxy and request classes can be generated.</summary>
/// <param name="FullName">The interface's readable full name (e.g. <c>MyNs.IFoo</c>).</param>
/// <param name="GlobalName">The fully qualified interface (<c>global::MyNs.IFoo</c>).</param>
/// <param name="GeneratedNamespace">The namespace of the generated types.</param>
/// <param name="ProxyClassName">The proxy class (simple name).</param>
/// <param name="HintName">The generated file's hint name.</param>
/// <param name="Methods">All methods the proxy implements, inherited ones included.</param>
/// <param name="Codecs">The codecs of the types of this compilation that the methods send or receive.</param>
internal sealed record InterfaceModel(
    string FullName,
    string GlobalName,
    string GeneratedNamespace,
    string ProxyClassName,
    string HintName,
    EquatableArray<MethodModel> Methods,
    EquatableArray<CodecModel> Codecs)
{
    public string ProxyGlobalName => $"global::{GeneratedNamespace}.{ProxyClassName}";
}
